export { PrivacyWorkspace } from './PrivacyWorkspace.tsx';
