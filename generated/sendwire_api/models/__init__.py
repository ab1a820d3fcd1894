"""Contains all the data models used in inputs/outputs"""

from .address_retention import AddressRetention
from .content_retention import ContentRetention
from .create_message_feedback_request import CreateMessageFeedbackRequest
from .create_message_request import CreateMessageRequest
from .error import Error
from .feedback_outcome import FeedbackOutcome
from .media import Media
from .media_list import MediaList
from .message import Message
from .message_direction import MessageDirection
from .message_feedback import MessageFeedback
from .message_list import MessageList
from .message_status import MessageStatus
from .message_subresource_uris_type_0 import MessageSubresourceUrisType0
from .risk_check import RiskCheck
from .schedule_type import ScheduleType
from .status_callback_request import StatusCallbackRequest
from .traffic_type import TrafficType
from .update_message_request import UpdateMessageRequest
from .update_message_status import UpdateMessageStatus

__all__ = (
    "AddressRetention",
    "ContentRetention",
    "CreateMessageFeedbackRequest",
    "CreateMessageRequest",
    "Error",
    "FeedbackOutcome",
    "Media",
    "MediaList",
    "Message",
    "MessageDirection",
    "MessageFeedback",
    "MessageList",
    "MessageStatus",
    "MessageSubresourceUrisType0",
    "RiskCheck",
    "ScheduleType",
    "StatusCallbackRequest",
    "TrafficType",
    "UpdateMessageRequest",
    "UpdateMessageStatus",
)
