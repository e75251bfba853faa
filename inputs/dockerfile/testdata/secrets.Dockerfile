# Secrets that must never reach the document: ENV and ARG values with
# secret-like names or credential-shaped values, credentials on RUN command
# lines and in heredocs, a token in a LABEL and in a HEALTHCHECK, an ONBUILD
# ENV. Names stay; values become <redacted> or are left out.
ARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789
FROM node:20.17.0-bookworm-slim
ARG GITHUB_TOKEN
ENV DB_PASSWORD=PLANTED-ENV-1 \
    DATABASE_URL=postgres://app:PLANTED-URL-2@db:5432/app \
    TZ=UTC \
    DB_PASSWORD_FILE=/run/secrets/db
LABEL org.example.deploy-token=PLANTED-LABEL-3 org.opencontainers.image.title=app
RUN aws configure set aws_secret_access_key PLANTED-AWS-4 \
 && curl -H "Authorization: Bearer PLANTED-BEARER-5-abcdefghijklmnop" https://api.example.com/x \
 && git clone https://ci:PLANTED-GIT-6@git.example.com/app.git \
 && echo "root:PLANTED-PW-7" | chpasswd \
 && docker login -u ci -p PLANTED-DOCKER-8 registry.example.com \
 && mysql -uroot -pPLANTED-MYSQL-9 -e 'select 1'
RUN <<EOF
npm config set //registry.npmjs.org/:_authToken PLANTED-NPM-10
export API_KEY=PLANTED-HEREDOC-11
EOF
COPY <<EOF /root/.netrc
machine example.com login ci password PLANTED-NETRC-12
EOF
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
ONBUILD ENV SERVICE_TOKEN=PLANTED-ONBUILD-13
HEALTHCHECK CMD curl -fsS -u admin:PLANTED-HC-14 http://localhost:3000/health || exit 1
CMD ["node", "server.js", "--api-key=PLANTED-CMD-15"]
