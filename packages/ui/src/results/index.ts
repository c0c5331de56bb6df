export { ResultsInbox } from './ResultsInbox.tsx';
export { ResultsCount } from './ResultsCount.tsx';
export { PatientResults } from './PatientResults.tsx';
export { LabFlowsheet } from './LabFlowsheet.tsx';
export { relativeAge } from './relativeAge.ts';
