@echo off
rem calendly-mcp launcher for Windows: what MCP client configurations run. Finds a JDK 17+, finds
rem the jar, and starts the server with C1 only and the serial collector. On JDK 19+ it also keeps
rem an AppCDS archive in %LOCALAPPDATA%\calendly-mcp\cache that the JVM creates at the end of the
rem first session and recreates whenever the jar or the JDK changed (-XX:+AutoCreateSharedArchive);
rem an unusable archive is ignored by the JVM. On JDK 17 and 18 it starts without an archive.
rem
rem Environment (all optional): JAVA_HOME, CALENDLY_MCP_JAR, CALENDLY_MCP_CACHE_DIR,
rem CALENDLY_MCP_ARCHIVE=off, CALENDLY_MCP_JAVA_OPTS (see bin/calendly-mcp and docs/launcher.md).
rem Exit codes: those of the server; 1 when no JDK 17+ or no jar is found.
setlocal EnableExtensions DisableDelayedExpansion

set "CM_HOME="
if defined JAVA_HOME call :try_home "%JAVA_HOME%"
if not defined CM_HOME (
  for /f "delims=" %%j in ('where java.exe 2^>nul') do (
    if not defined CM_HOME call :try_home "%%~dpj.."
  )
)
if not defined CM_HOME (
  for /d %%h in ("%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Java\*" "%ProgramFiles%\Microsoft\jdk-*" "%ProgramFiles%\Zulu\*" "%ProgramFiles%\Amazon Corretto\*" "%ProgramFiles%\BellSoft\*" "%USERPROFILE%\.jdks\*") do (
    call :try_best "%%~h"
  )
)
if not defined CM_HOME (
  echo calendly-mcp: no JDK 17 or later found ^(looked at JAVA_HOME, java on PATH and the usual install folders^). 1>&2
  echo calendly-mcp: Install one ^(e.g. https://adoptium.net^) or set JAVA_HOME to it. 1>&2
  exit /b 1
)

set "CM_JAR="
if defined CALENDLY_MCP_JAR (
  if exist "%CALENDLY_MCP_JAR%" set "CM_JAR=%CALENDLY_MCP_JAR%"
) else (
  for %%f in ("%~dp0calendly-mcp.jar" "%~dp0..\lib\calendly-mcp.jar" "%~dp0..\target\calendly-mcp.jar") do (
    if not defined CM_JAR if exist "%%~ff" set "CM_JAR=%%~ff"
  )
)
if not defined CM_JAR (
  echo calendly-mcp: no calendly-mcp.jar next to %~f0, in ..\lib\ or in ..\target\ ^(or set CALENDLY_MCP_JAR^). 1>&2
  exit /b 1
)

rem JVM warnings go to stderr: stdout is the MCP channel. The main class is named rather than
rem -jar, which opens the jar only to read it from the manifest (docs/startup.md).
set "CM_FLAGS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms8m -Xlog:disable -Xlog:all=warning:stderr"
rem The same JDK-dependent flags as bin/calendly-mcp, where their reasons are (docs/startup.md).
if %CM_FEATURE% GEQ 24 set "CM_FLAGS=%CM_FLAGS% -XX:CompileCommand=quiet -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock"
set "CM_ARCHIVE="
if /i not "%CALENDLY_MCP_ARCHIVE%"=="off" if %CM_FEATURE% GEQ 19 call :archive

"%CM_HOME%\bin\java.exe" %CM_FLAGS% %CM_ARCHIVE% %CALENDLY_MCP_JAVA_OPTS% -cp "%CM_JAR%" dev.calendlymcp.cli.Main %*
exit /b %ERRORLEVEL%

:archive
set "CM_CACHE=%CALENDLY_MCP_CACHE_DIR%"
if not defined CM_CACHE if defined LOCALAPPDATA set "CM_CACHE=%LOCALAPPDATA%\calendly-mcp\cache"
if not defined CM_CACHE exit /b 0
if not exist "%CM_CACHE%" mkdir "%CM_CACHE%" 2>nul
if not exist "%CM_CACHE%" exit /b 0
set "CM_ARCHIVE=-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=%CM_CACHE%\calendly-mcp-%CM_VERSION%.jsa""
exit /b 0

rem Sets CM_HOME, CM_VERSION and CM_FEATURE when %1 is a JDK 17+ home.
:try_home
call :release "%~1"
if not defined CM_V exit /b 0
if %CM_F% LSS 17 exit /b 0
set "CM_HOME=%~f1"
set "CM_VERSION=%CM_V%"
set "CM_FEATURE=%CM_F%"
exit /b 0

rem Like try_home, but keeps the newest JDK seen so far.
:try_best
call :release "%~1"
if not defined CM_V exit /b 0
if %CM_F% LSS 17 exit /b 0
if defined CM_HOME if %CM_F% LEQ %CM_FEATURE% exit /b 0
set "CM_HOME=%~f1"
set "CM_VERSION=%CM_V%"
set "CM_FEATURE=%CM_F%"
exit /b 0

rem JAVA_VERSION of the JDK at %1 from its release file, as CM_V, and its feature number as CM_F.
:release
set "CM_V="
set "CM_F="
if not exist "%~1\release" exit /b 0
if not exist "%~1\bin\java.exe" exit /b 0
for /f "usebackq tokens=1,* delims==" %%a in ("%~1\release") do (
  if "%%a"=="JAVA_VERSION" set "CM_V=%%~b"
)
if not defined CM_V exit /b 0
for /f "tokens=1,2 delims=.+-_" %%x in ("%CM_V%") do (
  if "%%x"=="1" (set "CM_F=%%y") else (set "CM_F=%%x")
)
exit /b 0
