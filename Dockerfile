# The query API over Neo4j (the `api` service of docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY loaders ./loaders
COPY viz ./viz
COPY schema ./schema
RUN pip install '.[api,neo4j]' \
    && useradd --create-home --uid 10001 kg

USER kg
EXPOSE 8000
# Credentials come from NEO4J_USER / NEO4J_PASSWORD (set by docker compose).
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000", "--store", "bolt://neo4j:7687"]
