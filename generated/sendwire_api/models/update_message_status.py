from enum import Enum


class UpdateMessageStatus(str, Enum):
    CANCELED = "canceled"

    def __str__(self) -> str:
        return str(self.value)
