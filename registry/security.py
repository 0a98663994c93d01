"""Sign-in records for the operator's logs (logger `registry.auth`): every success, failure and
lockout with the user name and client address (axes' own log masks both), and the page a locked
client sees."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext

from registry.middleware import client_ip

logger = logging.getLogger("registry.auth")


def address(request) -> str:
    return (client_ip(request) if request else "") or "-"


@receiver(user_logged_in)
def log_successful_login(sender, request, user, **kwargs):
    logger.info("Login succeeded: user %r from %s", user.get_username(), address(request))


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    logger.warning("Login failed: user %r from %s", credentials.get("username"), address(request))


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("Sign-in locked: user %r from %s", username, ip_address or "-")


def lockout_response(request, original_response=None, credentials=None):
    """The admin sign-in page's answer while axes keeps a user name or address locked: 429,
    saying for how long, with Retry-After."""
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": gettext("Sign-in locked"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
