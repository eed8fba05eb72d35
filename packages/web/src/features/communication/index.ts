export { CommunicationPanel } from "./CommunicationPanel";
