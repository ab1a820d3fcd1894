from enum import Enum


class ContentRetention(str, Enum):
    DISCARD = "discard"
    RETAIN = "retain"

    def __str__(self) -> str:
        return str(self.value)
