# escape=`
# A Windows Dockerfile: the escape directive makes ` the escape character
# (so C:\paths stay as written), line continuations with it, a SHELL in
# JSON form, RUN in the shell it sets, and exec-form CMD.
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile tool.zip; `
    Expand-Archive tool.zip -DestinationPath C:\tools
ENV PATH="C:\tools;${PATH}"
EXPOSE 80 443/tcp
USER ContainerUser
CMD ["C:\\tools\\server.exe", "--port", "80"]
