/** Risk quantification and insurance: risks in the model, Monte Carlo years, and what they say. */
export * from "./random.js";
export * from "./distributions.js";
export * from "./read-risks.js";
export * from "./monte-carlo.js";
export * from "./statistics.js";
export * from "./register.js";
