// Feature screens land here with the workstation (issue 5).
export const UI_PACKAGE = "@lantern/ui";
