from prep import drop_incomplete, normalize


def test_data_rows_with_missing_values_are_dropped():
    rows = [{"alcohol": 12.0, "acidity": 0.3}, {"alcohol": None, "acidity": 0.2}]
    assert drop_incomplete(rows) == [rows[0]]


def test_data_normalized_range():
    scaled = normalize([2.0, 4.0, 8.0])
    assert min(scaled) >= 0 and max(scaled) == 1.0


def test_data_all_zero_column():
    assert normalize([0, 0]) == [0.0, 0.0]
