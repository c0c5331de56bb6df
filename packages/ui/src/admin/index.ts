export { AdminWorkspace } from './AdminWorkspace.tsx';
