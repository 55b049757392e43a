"""Wine features for training and serving, from one definition (Feast)."""
from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32

wine = Entity(name="wine", join_keys=["wine_id"])

wine_source = FileSource(path="data/wine_features.parquet", timestamp_field="event_timestamp")

wine_features = FeatureView(
    name="wine_features",
    entities=[wine],
    ttl=timedelta(days=30),
    schema=[Field(name="alcohol", dtype=Float32), Field(name="acidity", dtype=Float32)],
    source=wine_source,
)
