// The `aml` data set from R's survival package (acute myelogenous leukaemia, Miller 1981), used as a
// published reference for Kaplan-Meier and the log-rank test: [weeks to relapse, status] with
// status 1 = relapse, 0 = censored.
export const AML_MAINTAINED: readonly (readonly [number, number])[] = [
  [9, 1],
  [13, 1],
  [13, 0],
  [18, 1],
  [23, 1],
  [28, 0],
  [31, 1],
  [34, 1],
  [45, 0],
  [48, 1],
  [161, 0],
];

export const AML_NONMAINTAINED: readonly (readonly [number, number])[] = [
  [5, 1],
  [5, 1],
  [8, 1],
  [8, 1],
  [12, 1],
  [16, 0],
  [23, 1],
  [27, 1],
  [30, 1],
  [33, 1],
  [43, 1],
  [45, 1],
];
