# syntax=docker/dockerfile:1
# The Orrery engine image: `orrery engine | worker | migrate` (docker-compose.yml).
# Build from the repository root: docker build -f docker/engine.Dockerfile .

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy
# uv, pinned as in the Makefile, installs exactly engine/uv.lock (versions and hashes).
RUN pip install --no-cache-dir uv==0.13.9
COPY engine/ /src/engine/
WORKDIR /src/engine
# Non-editable: the package lands in the venv's site-packages. No extras: neither the
# test tools nor the embedded servers (this image talks to the compose Postgres and Redis).
# The embedding model's tokenizer ships inside the package.
RUN --mount=type=cache,target=/root/.cache/uv \
    UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-editable --python /usr/local/bin/python

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
# espeak-ng: the offline demo voice reads text aloud with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng \
 && rm -rf /var/lib/apt/lists/*
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
