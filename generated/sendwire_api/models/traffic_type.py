from enum import Enum


class TrafficType(str, Enum):
    FREE = "free"

    def __str__(self) -> str:
        return str(self.value)
