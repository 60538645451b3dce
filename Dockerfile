# flakelens serve in a container. Build from the repository root:
#   docker build -t flakelens .
#   docker run -p 8080:8080 -v flakelens-data:/data flakelens
# The same image runs any other command: docker run --rm flakelens upload ... / gate ...

# Stage 1: build the fat jar with the project's own Maven build.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY core/pom.xml core/
COPY store/pom.xml store/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
COPY spark/pom.xml spark/
COPY core/src core/src
COPY store/src store/src
COPY app/src app/src
COPY bench/src bench/src
COPY spark/src spark/src
# the bench and spark modules are part of the reactor, but the image needs the product only
RUN mvn -B -q -DskipTests -pl app -am package

# Stage 2: a JRE, the jar and the entrypoint; nothing of the build.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 flakelens \
    && useradd --system --uid 10001 --gid flakelens --home-dir /data --shell /usr/sbin/nologin flakelens \
    && mkdir -p /data && chown flakelens:flakelens /data
COPY --from=build /src/app/target/flakelens.jar /opt/flakelens/flakelens.jar
COPY docker/entrypoint.sh /usr/local/bin/flakelens
RUN chmod 0755 /usr/local/bin/flakelens
USER flakelens
WORKDIR /data
# The embedded store lives in the volume; set FLAKELENS_DB to a jdbc:postgresql:// URL to use PostgreSQL.
VOLUME /data
ENV FLAKELENS_DB=/data/flakelens.db \
    FLAKELENS_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["flakelens", "healthcheck"]
ENTRYPOINT ["flakelens"]
CMD ["serve"]
