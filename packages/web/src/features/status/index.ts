export { StatusEditorPage } from "./StatusEditorPage";
