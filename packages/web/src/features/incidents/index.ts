export { IncidentsPage } from "./IncidentsPage";
export { IncidentRoom, IncidentRoutes } from "./IncidentRoom";
