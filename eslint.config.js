import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const serverOnly = {
  group: ["**/*.server", "**/*.server.*", "~/services/*", "~/storage/*", "**/services/*", "**/storage/*"],
  message: "Client code must not import server-only modules: the classic compiler empties them in the browser.",
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "data/**", "node_modules/**", "app/types/generated/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "test/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },
  {
    // The domain is pure: plain data in, plain data out; no framework, no I/O, no clock.
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-*", "@remix-run/*", "@xyflow/*", "@tiptap/*", "lowdb", "lowdb/*", "node:*"],
              message: "app/domain is pure TypeScript: no framework, storage or Node imports.",
            },
            {
              group: ["~/services/*", "~/storage/*", "**/services/*", "**/storage/*", "**/*.server"],
              message: "app/domain must not depend on services or storage; they depend on it.",
            },
          ],
          paths: ["fs", "path", "crypto", "os", "child_process"].map((name) => ({
            name,
            message: "app/domain is pure TypeScript: no Node imports.",
          })),
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Date", message: "Domain code takes `now` as an argument rather than reading the clock." },
        { name: "process", message: "Domain code does not read the environment." },
      ],
    },
  },
  {
    files: ["app/editor/**/*.{ts,tsx}", "app/components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [serverOnly] }] },
  },
  {
    files: ["plugins/**/*.ts"],
    ignores: ["plugins/index.ts", "plugins/sdk/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/*", "**/app/*"], message: "A plugin imports only plugins/sdk and schemas/." },
          ],
        },
      ],
    },
  },
  {
    // The SDK is first-party and bundled into plugins: it may use the pure domain and the generated types,
    // nothing with I/O or framework code.
    files: ["plugins/sdk/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/*", "**/app/*", "!**/app/domain", "!**/app/types"],
              message: "The plugin SDK may import only app/domain (pure) and app/types/generated.",
            },
            {
              group: ["**/app/domain/**/*.test", "**/services/*", "**/storage/*", "**/*.server", "**/app/editor/*", "**/app/routes/*"],
              message: "The plugin SDK may import only app/domain (pure) and app/types/generated.",
            },
          ],
        },
      ],
    },
  },
);
