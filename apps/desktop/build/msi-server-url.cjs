/**
 * electron-builder `msiProjectCreated` hook: adds a public SERVERURL property to the MSI so IT can run
 *   msiexec /i Lantern.msi /qn SERVERURL=https://lantern.hospital.example
 * and get HKLM\SOFTWARE\Policies\Lantern\ServerUrl, the value Group Policy (policy/admx/lantern.admx)
 * and the NSIS installer (installer.nsh) write. The component is conditioned on SERVERURL, 64-bit, and
 * permanent (uninstall leaves IT's setting in place). Electron-builder's MSI template has no slot for
 * custom WiX, so this edits the generated project.wxs before candle compiles it. It can only run on a
 * Windows (or Wine) release machine; the schema test checks the configuration that names it.
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const FRAGMENT = `
    <Property Id="SERVERURL" Secure="yes"/>
    <DirectoryRef Id="APPLICATIONFOLDER">
      <Component Id="LanternServerUrlPolicy" Guid="6C2B6F0E-5E0B-4C43-9F1B-3E6E2A1D7B41" Win64="yes" Permanent="yes">
        <Condition>SERVERURL</Condition>
        <RegistryValue Root="HKLM" Key="SOFTWARE\\Policies\\Lantern" Name="ServerUrl" Type="string" Value="[SERVERURL]" KeyPath="yes"/>
      </Component>
    </DirectoryRef>
    <FeatureRef Id="ProductFeature">
      <ComponentRef Id="LanternServerUrlPolicy"/>
    </FeatureRef>
  </Product>`;

/** @param {string} projectFile the generated project.wxs */
module.exports = async function msiServerUrl(projectFile) {
  const wxs = readFileSync(projectFile, 'utf8');
  if (!wxs.includes('</Product>')) throw new Error('msi-server-url: the MSI project has no </Product> element (electron-builder template changed)');
  writeFileSync(projectFile, wxs.replace('</Product>', FRAGMENT));
};
module.exports.FRAGMENT = FRAGMENT;
