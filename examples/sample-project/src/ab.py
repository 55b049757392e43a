"""A/B test of two model versions: each user sticks to one variant."""
import hashlib

TRAFFIC_TO_B = 0.2


def choose_variant(user_id: str) -> str:
    bucket = int(hashlib.sha256(user_id.encode()).hexdigest(), 16) % 100
    return "b" if bucket < TRAFFIC_TO_B * 100 else "a"
