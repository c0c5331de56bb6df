/**
 * Results: order status (ordered / in progress / resulted), abnormal and critical grading, the
 * acknowledgement record, the inbox and the flowsheet. Pure; the workstation, the UI and the
 * simulated lab share it.
 */
export * from './grading.ts';
export * from './result-status.ts';
export * from './panels.ts';
export * from './lab-report.ts';
export * from './acknowledgement.ts';
export * from './report-view.ts';
export * from './inbox.ts';
export * from './flowsheet.ts';
