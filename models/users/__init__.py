"""People who talk to the bot: the entity, the profile, roles.

``entities`` holds the table and its enums, ``profile`` the look-ups and the profile
dialogue's rules, ``roles`` staff roles, ``stats`` the admin counts. Giving consent (which
also subscribes a person to the default topics) is in ``models.consent``, above both this
package and ``models.subscriptions``.
"""

from models.users.entities import Occupation, ProfileStep, Role, User
from models.users.profile import set_municipality, set_name, set_occupation, touch_user
from models.users.roles import effective_role, list_moderators, set_role
from models.users.stats import stats

__all__ = [
    "Occupation",
    "ProfileStep",
    "Role",
    "User",
    "effective_role",
    "list_moderators",
    "set_municipality",
    "set_name",
    "set_occupation",
    "set_role",
    "stats",
    "touch_user",
]
