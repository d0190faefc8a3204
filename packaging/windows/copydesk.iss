; Inno Setup 6 script: Windows installer for the PyInstaller bundle in dist\copydesk.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\copydesk.iss
;
; writes dist\copydesk-<version>-windows-x64-setup.exe.  The release workflow
; (.github/workflows/release.yml) runs it after building the bundle with packaging/copydesk.spec.
; Paths are relative to this file's folder.  Installs per user without administrator rights
; by default; the first page offers "install for all users" (PrivilegesRequiredOverridesAllowed).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\copydesk"
#endif

[Setup]
; AppId identifies the product to Windows' "Apps & features" across versions: never change it.
AppId={{A4AAC96C-6937-4468-A0A1-3F71E6BEC58C}
AppName=Copydesk
AppVersion={#AppVersion}
AppVerName=Copydesk {#AppVersion}
AppPublisher=Copydesk developers
DefaultDirName={autopf}\Copydesk
DefaultGroupName=Copydesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=copydesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\copydesk.exe
UninstallDisplayName=Copydesk
; The "Open with" entries below change file associations: tell Explorer to refresh.
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-dir bundle: copydesk.exe (window), copydesk-cli.exe (console) and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle wholesale: stale libraries from an older version must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Copydesk"; Filename: "{app}\copydesk.exe"
Name: "{autodesktop}\Copydesk"; Filename: "{app}\copydesk.exe"; Tasks: desktopicon

[Registry]
; "Open with > Copydesk" for stories: a ProgID plus OpenWithProgids entries.  Copydesk does not
; take over any default association.  HKA is HKCU for a per-user install, HKLM for all users.
Root: HKA; Subkey: "Software\Classes\Copydesk.Story"; ValueType: string; ValueName: ""; ValueData: "Story (Copydesk)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Copydesk.Story\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\copydesk.exe,0"
Root: HKA; Subkey: "Software\Classes\Copydesk.Story\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\copydesk.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Copydesk"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\copydesk.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".markdown"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\copydesk.exe\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.markdown\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "Copydesk.Story"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\copydesk.exe"; Description: "{cm:LaunchProgram,Copydesk}"; Flags: nowait postinstall skipifsilent
