export { ExerciseRunsPage } from "./ExerciseRunsPage";
export { ExerciseRunPage } from "./ExerciseRunPage";
export { ExerciseReportPage } from "./ExerciseReportPage";
