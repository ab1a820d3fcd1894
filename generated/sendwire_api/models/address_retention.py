from enum import Enum


class AddressRetention(str, Enum):
    OBFUSCATE = "obfuscate"
    RETAIN = "retain"

    def __str__(self) -> str:
        return str(self.value)
