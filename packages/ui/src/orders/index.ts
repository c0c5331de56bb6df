export { OrderEntry, type OrderEntryProps } from './OrderEntry.tsx';
export { CdsCards, type CdsCardsProps } from './CdsCards.tsx';
export { DrugSearch } from './DrugSearch.tsx';
export { MedicationOrderForm, type MedicationOrderFormProps, type MedicationOrderValues } from './MedicationOrderForm.tsx';
export { LabOrderPicker } from './LabOrderPicker.tsx';
