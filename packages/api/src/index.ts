export * from "./problem.js";
export * from "./routes.js";
