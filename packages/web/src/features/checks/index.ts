export { ChecksPage } from "./ChecksPage";
