#!/usr/bin/env bash
# VARIANT (mlops-intro): notes written in Russian, as the ru hint suggests, but with
# normal capitalisation: "## Жизненный цикл ML-проекта", stages "Данные", "Обучение",
# "Развёртывание", "Мониторинг", "## Проблемы, которые решает MLOps", "## Источники".
# A fair checker must match Cyrillic case-insensitively.
# Targets: notes-written, lifecycle, problems, sources, notes-committed (all must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
cat > notes/mlops-intro.md <<'MD'
# Что такое MLOps

MLOps переносит практики DevOps в машинное обучение: модели версионируются,
тестируются, развёртываются и наблюдаются как обычное ПО. Модель, которая
работает в ноутбуке, должна так же работать и в продакшене.
Без этого каждая новая модель выкатывается вручную и ломается незаметно.

## Жизненный цикл ML-проекта

1. Данные: сбор, очистка и версионирование датасета.
2. Обучение: эксперименты, учёт параметров и метрик, выбор модели.
3. Развёртывание: модель за API, упакованная в контейнер.
4. Мониторинг: задержки, ошибки и дрейф данных; переобучение по необходимости.

## Проблемы, которые решает MLOps

- Эксперименты, которые никто не может воспроизвести через месяц.
- Ручное развёртывание моделей с ошибками.
- Незаметная деградация модели при дрейфе данных.

## Источники

- https://www.youtube.com/watch?v=ZVWg18AXXuE (видео про MLOps)
- https://ml-ops.org/content/mlops-principles
- https://habr.com/ru/articles/mlops-intro/
MD
git add -A && git commit -qm "Добавлен конспект по основам MLOps"
