import richTextEditorStyles from "./rich-text-editor.css";

/**
 * URL of the rich text editor's stylesheet. Routes that render `RichTextEditor` add it to `links`:
 * `export const links: LinksFunction = () => [{ rel: "stylesheet", href: richTextEditorStylesHref }];`
 */
export const richTextEditorStylesHref: string = richTextEditorStyles;
