# syntax=docker/dockerfile:1
# calendly-mcp as a remote MCP server (Streamable HTTP + OAuth 2.1), see docs/deployment.md:
#
#   docker build -t calendly-mcp .
#   docker run -p 8080:8080 -v calendly-mcp:/data \
#     -e CALENDLY_MCP_PUBLIC_URL=https://mcp.example.com \
#     -e CALENDLY_CLIENT_ID=... -e CALENDLY_CLIENT_SECRET=... calendly-mcp

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# Dependencies first: this layer is reused until pom.xml changes.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 calendly \
 && useradd --system --uid 10001 --gid calendly --home-dir /data --shell /usr/sbin/nologin calendly \
 && mkdir -p /data /opt/calendly-mcp \
 && chown calendly:calendly /data
COPY --from=build /src/target/calendly-mcp.jar /opt/calendly-mcp/calendly-mcp.jar
COPY docker/entrypoint.sh /opt/calendly-mcp/entrypoint.sh
# The AOT cache is made here, by this image's own JRE, from a short session on the sandbox: every
# start of the container then maps the classes instead of loading them.
RUN PORT=18080 /opt/calendly-mcp/entrypoint.sh train && chmod a+r /opt/calendly-mcp/calendly-mcp.aot

USER calendly:calendly
ENV PORT=8080 \
    CALENDLY_MCP_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/opt/calendly-mcp/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/opt/calendly-mcp/entrypoint.sh"]
