import xyflowStyles from "@xyflow/react/dist/style.css";
import editorCss from "./editor.css";
import panelsCss from "./panels/panels.css";
import { richTextEditorStylesHref } from "./rich-text/styles";

/** Stylesheets the editor needs; the route that shows it adds them to its links. */
export const editorStyles: string[] = [xyflowStyles, editorCss, panelsCss, richTextEditorStylesHref];
