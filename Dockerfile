# Stimmung service image: builds target/stimmung.jar from this repository, runs it on a JRE.
# docker build -t stimmung .    (used by docker-compose.yml)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml stimmung.pom.xml ./
COPY trainer/pom.xml trainer/pom.xml
COPY schemas schemas
COPY src src
COPY onnx-models onnx-models
# no embedded schema registry in the image: the deployment runs Confluent Schema Registry beside it
RUN mvn -B -ntp -f stimmung.pom.xml -DskipTests -DskipRegistryDistribution=true package

FROM eclipse-temurin:17-jre
# XGBoost is not in the service; ONNX Runtime needs glibc (present in this Ubuntu-based image)
COPY --from=build /src/target/stimmung.jar /opt/stimmung/stimmung.jar
# serve's data (Kafka Streams state) outside /tmp, which Kafka Streams warns about; a volume may go here
ENV STIMMUNG_HOME=/var/lib/stimmung
RUN mkdir -p /var/lib/stimmung && chown 1000 /var/lib/stimmung
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/stimmung/stimmung.jar"]
CMD ["serve", "--bootstrap-servers", "kafka:9092", "--schema-registry-url", "http://schema-registry:8081"]
