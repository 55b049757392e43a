"""Train a wine-quality classifier with settings from config.yaml."""
import json
import logging
from pathlib import Path

import yaml
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
logger = logging.getLogger(__name__)


def load_config(path: Path) -> dict:
    with path.open() as handle:
        return yaml.safe_load(handle)


def main() -> None:
    config = load_config(Path(__file__).resolve().parent.parent / "config.yaml")
    logger.info("Loaded config: %s", json.dumps(config))
    features, labels = load_wine(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=config["data"]["test_size"], random_state=config["data"]["random_state"]
    )
    import mlflow  # imported here so the tests need no MLflow installed
    import mlflow.sklearn

    mlflow.set_experiment("wine-quality")
    params = {"n_estimators": config["train"]["n_estimators"], "max_depth": config["train"]["max_depth"],
              "test_size": config["data"]["test_size"]}
    with mlflow.start_run(run_name=f"forest-{params['n_estimators']}-{params['max_depth']}"):
        mlflow.log_params(params)
        model = RandomForestClassifier(n_estimators=params["n_estimators"], max_depth=params["max_depth"])
        model.fit(x_train, y_train)
        accuracy = accuracy_score(y_test, model.predict(x_test))
        mlflow.log_metric("accuracy", accuracy)
        mlflow.sklearn.log_model(model, "model")
    logger.info("Test accuracy: %.3f", accuracy)


if __name__ == "__main__":
    main()
