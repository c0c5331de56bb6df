; Lantern NSIS include (electron-builder nsis.include). Lets IT set the sync server at install time:
;   Lantern-Setup.exe /S /allusers /SERVERURL=https://lantern.hospital.example
; The value is written where Group Policy writes it (HKLM\SOFTWARE\Policies\Lantern\ServerUrl,
; policy/admx/lantern.admx), so the workstation reads one place whichever way IT configured it.
; Uninstalling leaves the value: it is IT's machine setting, removed by IT (or Group Policy), not by us.
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVERURL=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 != ""
    ; The 64-bit registry view: the workstation (64-bit Node) reads it there with reg.exe.
    ${If} ${RunningX64}
      SetRegView 64
    ${EndIf}
    WriteRegStr HKLM "SOFTWARE\Policies\Lantern" "ServerUrl" "$R1"
    ${If} ${RunningX64}
      SetRegView lastused
    ${EndIf}
  ${EndIf}
!macroend
