from enum import Enum


class ScheduleType(str, Enum):
    FIXED = "fixed"

    def __str__(self) -> str:
        return str(self.value)
