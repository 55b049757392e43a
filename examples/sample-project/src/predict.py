"""Load a logged model back from MLflow and predict one wine."""
import sys

import mlflow.pyfunc


def main(run_id: str) -> None:
    model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
    print(model.predict([[13.2, 1.78, 2.14, 11.2, 100, 2.65, 2.76, 0.26, 1.28, 4.38, 1.05, 3.4, 1050]]))


if __name__ == "__main__":
    main(sys.argv[1])
