from model import ThresholdModel, accuracy, load, save


def test_model_learns_threshold():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert 11.0 < model.threshold < 13.0


def test_model_accuracy_is_good_enough():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert accuracy(model.predict([9.5, 13.5]), [0, 1]) >= 0.7


def test_model_survives_save_and_load(tmp_path):
    path = tmp_path / "model.pkl"
    save(ThresholdModel(12.5), path)
    assert load(path).threshold == 12.5
