"""OversightService: protocol messages in and out; the work is in the modules it calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import grpc
from google.protobuf import struct_pb2

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database
from rtcc_oversight import api_keys, convert, identity, login, technologies
from rtcc_oversight.audit import AuditWriter
from rtcc_oversight.audit_query import AuditFilter, query_audit_rolled_up
from rtcc_oversight.audit_watch import AuditWatch
from rtcc_oversight.report import ReportChannels, build_report

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]
_OUTCOMES = {
    login.AuthOutcome.OK: pb.AUTH_OUTCOME_OK,
    login.AuthOutcome.BAD_CREDENTIALS: pb.AUTH_OUTCOME_BAD_CREDENTIALS,
    login.AuthOutcome.UNKNOWN_USER: pb.AUTH_OUTCOME_UNKNOWN_USER,
    login.AuthOutcome.LOCKED: pb.AUTH_OUTCOME_LOCKED,
    login.AuthOutcome.DISABLED: pb.AUTH_OUTCOME_DISABLED,
    login.AuthOutcome.THROTTLED: pb.AUTH_OUTCOME_THROTTLED,
}


@dataclass(frozen=True)
class Policies:
    login: login.LoginPolicy
    session: identity.SessionPolicy
    totp_issuer: str


class OversightServicer(oversight_pb2_grpc.OversightServiceServicer):
    def __init__(
        self,
        *,
        db: Database,
        writer: AuditWriter,
        watch: AuditWatch,
        policies: Policies,
        report: ReportChannels,
    ) -> None:
        self._db = db
        self._sessions = db.sessions
        self._writer = writer
        self._watch = watch
        self._policies = policies
        self._report = report

    async def CreateUser(
        self, request: pb.CreateUserRequest, context: Context
    ) -> pb.CreateUserResponse:
        made = await identity.create_user(
            sessions=self._sessions,
            username=request.username,
            password=request.password,
            role=request.role,
            agency=request.agency,
            display_name=request.display_name,
            issuer=self._policies.totp_issuer,
            box=self._policies.login.box,
            hasher=self._policies.login.hasher,
        )
        return pb.CreateUserResponse(
            user=convert.user_to_proto(made.user),
            totp_secret=made.totp_secret,
            totp_uri=made.totp_uri,
        )

    async def ListUsers(
        self, request: pb.ListUsersRequest, context: Context
    ) -> pb.ListUsersResponse:
        users = await identity.list_users(sessions=self._sessions)
        locked = await identity.lockouts(
            sessions=self._sessions, usernames=[u.username for u in users]
        )
        return pb.ListUsersResponse(
            users=[convert.user_to_proto(u, locked.get(u.username, 0.0)) for u in users]
        )

    async def UpdateUser(self, request: pb.UpdateUserRequest, context: Context) -> pb.User:
        user = await identity.update_user(
            sessions=self._sessions,
            user_id=request.id,
            role=request.role if request.HasField("role") else None,
            agency=request.agency if request.HasField("agency") else None,
            disabled=request.disabled if request.HasField("disabled") else None,
            password=request.password if request.HasField("password") else None,
            unlock=request.unlock,
            hasher=self._policies.login.hasher,
        )
        return await self._user_out(user)

    async def UnlockUser(
        self, request: pb.UnlockUserRequest, context: Context
    ) -> pb.UnlockUserResponse:
        user, lifted = await identity.unlock_user(
            sessions=self._sessions, username=request.username
        )
        return pb.UnlockUserResponse(user=convert.user_to_proto(user), locks_lifted=lifted)

    async def ResetAuthenticator(
        self, request: pb.ResetAuthenticatorRequest, context: Context
    ) -> pb.ResetAuthenticatorResponse:
        made = await identity.reset_authenticator(
            sessions=self._sessions,
            username=request.username,
            issuer=self._policies.totp_issuer,
            box=self._policies.login.box,
        )
        return pb.ResetAuthenticatorResponse(
            user=await self._user_out(made.user),
            totp_secret=made.totp_secret,
            totp_uri=made.totp_uri,
        )

    async def _user_out(self, user: Any) -> pb.User:
        locked = await identity.lockouts(sessions=self._sessions, usernames=[user.username])
        return convert.user_to_proto(user, locked.get(user.username, 0.0))

    async def Authenticate(
        self, request: pb.AuthenticateRequest, context: Context
    ) -> pb.AuthenticateResponse:
        result = await login.authenticate(
            sessions=self._sessions,
            username=request.username,
            password=request.password,
            totp=request.totp,
            source=request.source,
            policy=self._policies.login,
        )
        return pb.AuthenticateResponse(
            outcome=_OUTCOMES[result.outcome],
            user=convert.user_to_proto(result.user) if result.user else None,
            session_id=result.session_id,
            locked_until=result.locked_until,
            retry_after=result.retry_after,
        )

    async def TouchSession(
        self, request: pb.TouchSessionRequest, context: Context
    ) -> pb.TouchSessionResponse:
        active = await identity.touch_session(
            sessions=self._sessions, session_id=request.session_id, policy=self._policies.session
        )
        return pb.TouchSessionResponse(active=active)

    async def EndSession(
        self, request: pb.EndSessionRequest, context: Context
    ) -> pb.EndSessionResponse:
        await identity.end_session(sessions=self._sessions, session_id=request.session_id)
        return pb.EndSessionResponse()

    async def CreateApiKey(
        self, request: pb.CreateApiKeyRequest, context: Context
    ) -> pb.CreateApiKeyResponse:
        made = await api_keys.create_key(
            sessions=self._sessions,
            name=request.name,
            role=request.role,
            agency=request.agency,
            scopes=list(request.scopes),
            created_by=request.created_by,
            expires_ts=request.expires_at,
        )
        return pb.CreateApiKeyResponse(key=convert.key_to_proto(made.key), secret=made.secret)

    async def ListApiKeys(
        self, request: pb.ListApiKeysRequest, context: Context
    ) -> pb.ListApiKeysResponse:
        keys = await api_keys.list_keys(sessions=self._sessions)
        return pb.ListApiKeysResponse(keys=[convert.key_to_proto(k) for k in keys])

    async def RevokeApiKey(self, request: pb.RevokeApiKeyRequest, context: Context) -> pb.ApiKey:
        key = await api_keys.revoke_key(sessions=self._sessions, key_id=request.id)
        return convert.key_to_proto(key)

    async def VerifyApiKey(
        self, request: pb.VerifyApiKeyRequest, context: Context
    ) -> pb.VerifyApiKeyResponse:
        key = await api_keys.verify_key(sessions=self._sessions, secret=request.secret)
        if key is None:
            return pb.VerifyApiKeyResponse(valid=False)
        return pb.VerifyApiKeyResponse(valid=True, key=convert.key_to_proto(key))

    async def AppendAudit(
        self, request: pb.AppendAuditRequest, context: Context
    ) -> pb.AppendAuditResponse:
        if not request.record.action or not request.record.result:
            raise InvalidArgument("an audit record names its action and result")
        row = await self._writer.append(convert.audit_from_proto(request.record))
        return pb.AppendAuditResponse(seq=row.seq, hash=row.hash)

    async def QueryAudit(
        self, request: pb.QueryAuditRequest, context: Context
    ) -> pb.QueryAuditResponse:
        rows, next_after, rollups = await query_audit_rolled_up(
            sessions=self._sessions,
            rollup=tuple(request.rollup_action_prefixes),
            where=AuditFilter(
                subject=request.subject,
                agency=request.agency,
                role=request.role,
                action_prefix=request.action_prefix,
                result=request.result,
                case_number=request.case_number,
                object_id=request.object_id,
                since=request.since,
                until=request.until,
                after_seq=request.after_seq,
                limit=request.limit,
            ),
        )
        return pb.QueryAuditResponse(
            records=[convert.audit_to_proto(r) for r in rows],
            next_after_seq=next_after,
            rollups=[
                pb.AuditRollup(
                    action=r.action,
                    count=r.count,
                    refused=r.refused,
                    first_ts=r.first_ts,
                    last_ts=r.last_ts,
                )
                for r in rollups
            ],
        )

    async def VerifyAudit(
        self, request: pb.VerifyAuditRequest, context: Context
    ) -> pb.VerifyAuditResponse:
        result = await self._watch.verify()
        return pb.VerifyAuditResponse(
            intact=result.intact,
            records_checked=result.checked,
            first_bad_seq=result.first_bad_seq,
            problem=result.problem,
            head_hash=result.head_hash,
            checkpoints_checked=result.checkpoints_checked,
            anchored_seq=result.anchored_seq,
        )

    async def ListTechnologies(
        self, request: pb.ListTechnologiesRequest, context: Context
    ) -> pb.ListTechnologiesResponse:
        techs = await technologies.list_technologies(sessions=self._sessions)
        return pb.ListTechnologiesResponse(
            technologies=[convert.technology_to_proto(t) for t in techs]
        )

    async def DecideTechnology(
        self, request: pb.DecideTechnologyRequest, context: Context
    ) -> pb.Technology:
        tech = await technologies.decide(
            sessions=self._sessions,
            key=request.key,
            status=request.status,
            ordinance_ref=request.ordinance_ref,
            hearing_ref=request.hearing_ref,
            use_policy=request.use_policy,
            note=request.note,
            decided_by=request.decided_by,
        )
        return convert.technology_to_proto(tech)

    async def GetSurveillanceReport(
        self, request: pb.GetSurveillanceReportRequest, context: Context
    ) -> pb.GetSurveillanceReportResponse:
        chain = await self._watch.verify()
        report = await build_report(
            db=self._db, channels=self._report, year=request.year, chain=chain
        )
        document = struct_pb2.Struct()
        document.update(report)
        return pb.GetSurveillanceReportResponse(report=document)
