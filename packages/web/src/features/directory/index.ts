export { DirectoryPage } from "./DirectoryPage";
