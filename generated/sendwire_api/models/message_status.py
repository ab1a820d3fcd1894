from enum import Enum


class MessageStatus(str, Enum):
    ACCEPTED = "accepted"
    CANCELED = "canceled"
    DELIVERED = "delivered"
    FAILED = "failed"
    PARTIALLY_DELIVERED = "partially_delivered"
    QUEUED = "queued"
    READ = "read"
    RECEIVED = "received"
    RECEIVING = "receiving"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    UNDELIVERED = "undelivered"

    def __str__(self) -> str:
        return str(self.value)
