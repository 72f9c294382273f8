"""JSON API generated from the ledger declarations: the same scope, permissions, filters and
validation messages as the pages (it calls the same functions)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.errors import HttpError

from fazhi.dicts.fields import DictField
from fazhi.ledger import actions, procedures, registry
from fazhi.ledger.fields import EncryptedCharField
from fazhi.ledger.forms import fill_defaults, form_class, related_choices
from fazhi.ledger.values import CellError, dict_title, display, to_form_value
from fazhi.ledger.views import BadQuery, filtered_queryset
from fazhi.lib import jsonbody
from fazhi.lib.masking import mask
from fazhi.orgs.models import AuditLog, audit

router = Router(tags=["台账"])


def serialize(ledger: registry.Ledger, obj, listing: bool = False) -> dict:
    data = {"id": obj.pk, "org": obj.org.code if hasattr(obj, "org") else None}
    withheld = ledger.withheld(obj) if listing else set()
    for name in ledger.fields:
        f = ledger.field(name)
        if name in withheld:  # a protected identity never appears in a list
            data[name] = "（已隐去）" if isinstance(f, (models.CharField, models.TextField)) else None
            continue
        if isinstance(f, models.ForeignKey):
            value = getattr(obj, f.attname)
        else:
            value = getattr(obj, name)
        if isinstance(f, EncryptedCharField):
            value = mask(value, f.pii)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[name] = value
        if isinstance(f, DictField):
            data[f"{name}_label"] = display(f, value) or ""
    proc = ledger.procedure
    if proc is not None:
        data["step"] = getattr(obj, proc.field)
        data["step_label"] = proc.current(obj).label
        data["next_steps"] = [{"code": s.code, "label": s.label} for s in proc.allowed(obj)]
    data["updated_at"] = obj.updated_at.isoformat()
    data["version"] = obj.version
    return data


def _json_type(f: models.Field, for_input: bool = False) -> dict:
    """The JSON schema of one field as the API answers it (or, for input, as it accepts it):
    values an answer can hold are declared, "" for a blank choice and null for a null column."""
    schema: dict = {"title": str(f.verbose_name)}
    if isinstance(f, DictField):
        # The options are the administrator's dictionary, which changes without a release.
        schema["type"] = "string"
        schema["description"] = f"数据字典“{dict_title(f)}”的代码（输入时也可填名称）"
    elif f.choices:
        values = [v for v, _ in f.flatchoices if v != ""]
        if f.blank or for_input:
            values.append("")
        schema.update(type="string", enum=values)
        schema["description"] = (
            "；".join(f"{v}={label}" for v, label in f.flatchoices if v != "") + "（也可填中文名称）"
        )
        if for_input:
            # A choice may also be named by its Chinese label.
            schema.pop("enum")
            schema["examples"] = values[:3]
    elif isinstance(f, models.BooleanField):
        schema["type"] = "boolean"
    elif isinstance(f, models.DateField):
        schema.update(type="string", format="date")
    elif isinstance(f, models.DecimalField):
        schema.update(type="string", format="decimal")
    elif isinstance(f, models.IntegerField | models.ForeignKey):
        schema["type"] = "integer"
        if isinstance(f, models.ForeignKey):
            schema["description"] = f"{f.verbose_name}的编号（或名称）"
    else:
        schema["type"] = "string"
        if isinstance(f, EncryptedCharField):
            schema["description"] = "个人信息：加密保存，读取时脱敏"
    if f.null or for_input:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    return schema


def record_schema(ledger: registry.Ledger, for_input: bool) -> dict:
    props = {name: _json_type(ledger.field(name), for_input) for name in ledger.fields}
    if not for_input:
        for name in ledger.fields:
            f = ledger.field(name)
            if isinstance(f, DictField):
                props[f"{name}_label"] = {"type": "string", "title": f"{f.verbose_name}（名称）"}
    schema = {"type": "object", "title": ledger.title, "properties": props}
    if for_input:
        schema["required"] = [
            n
            for n in ledger.fields
            if not ledger.field(n).blank and not isinstance(ledger.field(n), models.BooleanField)
        ]
        schema["properties"] = {
            **props,
            "version": {"type": "integer", "title": "版本号", "description": "修改时填读取到的版本号"},
        }
    else:
        props = {
            "id": {"type": "integer", "title": "系统编号"},
            "org": {"type": "string", "title": "乡镇编码"},
            **props,
            "updated_at": {"type": "string", "format": "date-time", "title": "最后修改时间"},
            "version": {
                "type": "integer",
                "title": "版本号",
                "description": "修改时以 If-Match 或 version 交回",
            },
        }
        proc = ledger.procedure
        if proc is not None:
            codes = [code for code, _ in proc.choices()]
            props["step"] = {"type": "string", "enum": codes, "title": "办理环节"}
            props["step_label"] = {"type": "string", "title": "办理环节名称"}
            props["next_steps"] = {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string", "enum": codes}, "label": {"type": "string"}},
                    "required": ["code", "label"],
                },
            }
        schema["properties"] = props
        schema["required"] = list(props)
    return schema


def _body(request: HttpRequest) -> dict:
    try:
        data = jsonbody.parse(request.body, empty={})
    except jsonbody.BodyError as exc:
        raise HttpError(400, str(exc)) from None
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return data


VERSION_REQUIRED = (
    '修改记录须给出所依据的版本号：先读取该记录，再在请求头 If-Match 中交回其 ETag（如 If-Match: "3"），'
    "或在请求体中给出 version 字段；以免覆盖他人在此期间所作的修改"
)


def _expected_version(request, data: dict) -> int | None:
    """The version a PATCH is based on: the If-Match header ("3", W/"3") or the body's version."""
    raw = request.headers.get("If-Match")
    where = "If-Match"
    if raw is None and "version" in data:
        raw, where = data["version"], "version"
    if raw is None:
        return None
    text = str(raw).strip().removeprefix("W/").strip('"')
    if isinstance(raw, bool) or not text.isdigit() or len(text) > 9:
        raise HttpError(400, f"{where} 须为记录的版本号（正整数）")
    return int(text)


def _validate(ledger, request, data: dict, instance=None):
    org = actions.writable_org(request.user)
    errors = []
    values = {}
    fields = ledger.editable_fields(instance)
    if instance is not None:
        for name in fields:
            f = ledger.field(name)
            current = getattr(instance, f.attname)
            values[name] = (
                current.isoformat() if isinstance(current, dt.date) else ("" if current is None else current)
            )
    read_only = {"id", "org", "updated_at", "version", "step", "step_label", "next_steps"}
    for name in sorted(set(data) - set(fields) - read_only):
        message = (
            "须通过办理环节填写（POST …/transitions/<环节>）" if name in ledger.fields else "没有这个字段"
        )
        errors.append(
            {
                "field": name,
                "label": ledger.label(name) if name in ledger.fields else name,
                "message": message,
            }
        )
    Form = form_class(ledger, tuple(fields))
    probe = Form(org=org)
    for name in fields:
        if name not in data:
            continue
        f = ledger.field(name)
        names = None
        if isinstance(f, models.ForeignKey):
            names = {str(o): str(o.pk) for o in probe.fields[name].queryset}
        try:
            values[name] = to_form_value(f, data[name], names)
        except CellError as exc:
            errors.append({"field": name, "label": ledger.label(name), "message": str(exc)})
    if instance is None:
        fill_defaults(ledger, values)
    form = Form(data=values, instance=instance or ledger.model(org=org), org=org)
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = ledger.label(name) if name != "__all__" else ""
            errors.extend(
                {"field": name, "label": label, "message": m}
                for m in messages
                if not any(e["field"] == name for e in errors)
            )
    if errors:
        return None, errors
    return form, []


def _get(ledger, request, pk, write=False):
    obj = ledger.queryset(request.user).filter(pk=pk).first()
    if obj is None or not ledger.may_open(request.user, obj):
        raise HttpError(404, "记录不存在或无权查看")
    if ledger.sensitive:
        audit(
            request,
            AuditLog.Action.VIEW_SENSITIVE,
            target=f"{ledger.title} #{obj.pk} {obj}",
            detail=f"API {request.method} {request.path}",
            org=obj.org,
        )
    if write:
        org = actions.writable_org(request.user)
        if org is None or obj.org_id != org.pk or not ledger.can(request.user, "change"):
            raise HttpError(404, "记录不存在或无权修改")
    return obj


def _add_routes(ledger: registry.Ledger) -> None:
    base = f"/ledgers/{ledger.code}/"
    out_schema = record_schema(ledger, for_input=False)
    in_schema = record_schema(ledger, for_input=True)
    filters = [
        {
            "in": "query",
            "name": n,
            "schema": {"type": "string"},
            "required": False,
            "description": ledger.label(n),
        }
        for n in ledger.filters
    ]
    list_params = [
        {
            "in": "query",
            "name": "year",
            "schema": {"type": "string"},
            "required": False,
            "description": "年度（默认今年；all 为全部）",
        },
        {"in": "query", "name": "page", "schema": {"type": "integer"}, "required": False},
        {
            "in": "query",
            "name": "page_size",
            "schema": {"type": "integer"},
            "required": False,
            "description": "每页条数，最多200",
        },
        {"in": "query", "name": "q", "schema": {"type": "string"}, "required": False, "description": "搜索"},
        {
            "in": "query",
            "name": "sort",
            "schema": {"type": "string"},
            "required": False,
            "description": "排序字段，前加 - 为倒序",
        },
        *filters,
        *[
            {
                "in": "query",
                "name": source,
                "schema": {"type": "string"},
                "required": False,
                "description": f"{ledger.label(source)}：须为完整号码（按加密索引精确查找，不支持部分匹配）",
            }
            for source in ledger.identifier_indexes
        ],
    ]
    list_response = {
        "200": {
            "description": "OK",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "count": {"type": "integer"},
                            "page": {"type": "integer"},
                            "pages": {"type": "integer"},
                            "results": {"type": "array", "items": out_schema},
                        },
                    }
                }
            },
        }
    }
    one_response = {"200": {"description": "OK", "content": {"application/json": {"schema": out_schema}}}}
    body = {"requestBody": {"content": {"application/json": {"schema": in_schema}}, "required": True}}
    tag = [f"{ledger.area_name}：{ledger.title}"]

    @router.get(
        base,
        summary=f"{ledger.title}列表",
        tags=tag,
        openapi_extra={"parameters": list_params, "responses": list_response},
        operation_id=f"list_{ledger.code}",
    )
    def list_records(request):
        if not ledger.can(request.user, "view"):
            raise HttpError(403, "您的角色不能查看本台账")
        try:
            qs = filtered_queryset(ledger, request.user, request.GET)
        except BadQuery as exc:
            raise HttpError(400, str(exc)) from None
        try:
            size = min(max(int(request.GET.get("page_size", settings.NINJA_PAGINATION_PER_PAGE)), 1), 200)
            number = int(request.GET.get("page", 1))
        except ValueError:
            raise HttpError(400, "page 和 page_size 须为整数") from None
        paginator = Paginator(qs, size)
        try:
            page = paginator.page(number)
        except EmptyPage:
            page = None
        if ledger.sensitive:
            audit(
                request,
                AuditLog.Action.LIST_SENSITIVE,
                target=ledger.title,
                detail=f"API 第{number}页 {len(page.object_list) if page else 0} 条，条件：{request.GET.urlencode() or '无'}",
                org=request.user.org,
            )
        return {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "results": [serialize(ledger, o, listing=True) for o in (page.object_list if page else [])],
        }

    @router.get(
        base + "{int:pk}",
        summary=f"{ledger.title}详情",
        tags=tag,
        openapi_extra={"responses": one_response},
        operation_id=f"get_{ledger.code}",
    )
    def get_record(request, response: HttpResponse, pk: int):
        obj = _get(ledger, request, pk)
        response["ETag"] = f'"{obj.version}"'
        return serialize(ledger, obj)

    @router.post(
        base,
        summary=f"新增{ledger.title}",
        tags=tag,
        response={201: dict, 422: dict},
        openapi_extra=body,
        operation_id=f"create_{ledger.code}",
    )
    def create_record(request):
        if actions.writable_org(request.user) is None or not ledger.can(request.user, "add"):
            raise HttpError(403, "您的角色不能新增本台账记录")
        form, errors = _validate(ledger, request, _body(request))
        if errors:
            return Status(422, {"detail": "数据校验未通过", "errors": errors})
        obj = actions.save_record(ledger, form, request.user)
        return Status(201, serialize(ledger, obj))

    @router.patch(
        base + "{int:pk}",
        summary=f"修改{ledger.title}",
        tags=tag,
        description=(
            '须给出修改所依据的版本号：请求头 If-Match（读取时的 ETag，如 "3"）或请求体的 version 字段。'
            "未给出时返回 428；记录已被他人修改时返回 409 和修改内容。"
        ),
        response={200: dict, 409: dict, 422: dict, 428: dict},
        openapi_extra={
            **body,
            "parameters": [
                {
                    "in": "header",
                    "name": "If-Match",
                    "schema": {"type": "string"},
                    "required": False,
                    "description": "读取时的版本号（或在请求体中给出 version）；两者都未给出时返回 428，已被他人修改时返回 409",
                }
            ],
        },
        operation_id=f"update_{ledger.code}",
    )
    def update_record(request, pk: int):
        obj = _get(ledger, request, pk, write=True)
        data = _body(request)
        expected = _expected_version(request, data)
        if expected is None:
            return Status(428, {"detail": VERSION_REQUIRED})
        form, errors = _validate(ledger, request, data, instance=obj)
        if errors:
            return Status(422, {"detail": "数据校验未通过", "errors": errors})
        try:
            saved = actions.save_record(ledger, form, request.user, expected_version=expected)
        except actions.Stale as exc:
            return Status(
                409,
                {"detail": actions.STALE_MESSAGE, "version": exc.current, "changes": exc.changes},
            )
        return serialize(ledger, saved)

    @router.delete(
        base + "{int:pk}",
        summary=f"删除{ledger.title}（须说明原因）",
        tags=tag,
        response={204: None, 409: dict, 422: dict},
        operation_id=f"delete_{ledger.code}",
    )
    def delete_record(request, pk: int, reason: str = ""):
        obj = _get(ledger, request, pk, write=True)
        if not ledger.can(request.user, "delete"):
            raise HttpError(403, "您的角色不能删除本台账记录")
        reason = reason or (_body(request).get("reason", "") if request.body else "")
        if len(str(reason).strip()) < 2:
            return Status(
                422,
                {
                    "detail": "数据校验未通过",
                    "errors": [
                        {"field": "reason", "label": "删除原因", "message": "请填写删除原因（至少2个字）"}
                    ],
                },
            )
        try:
            actions.delete_record(ledger, obj, request.user, str(reason).strip())
        except actions.Referenced as exc:
            return Status(409, {"detail": str(exc)})
        return Status(204, None)


def _add_transition_route(ledger: registry.Ledger, tag: list[str]) -> None:
    steps = ", ".join(f"{s.code}={s.label}" for s in ledger.procedure.steps)

    @router.post(
        f"/ledgers/{ledger.code}/{{int:pk}}/transitions/{{step}}",
        summary=f"办理{ledger.title}的下一环节",
        description=f"环节：{steps}。请求体为该环节要填写的字段及可选的 note；条件未满足时返回 409 和全部未满足条件。",
        tags=tag,
        response={200: dict, 409: dict},
        operation_id=f"transition_{ledger.code}",
    )
    def take_step(request, pk: int, step: str):
        obj = _get(ledger, request, pk, write=True)
        body = _body(request)
        note = str(body.pop("note", "") or "")
        data = {}
        target = ledger.procedure.by_code.get(step)
        for name in target.fields if target else ():
            if name in body:
                f = ledger.field(name)
                # A related record is named as on the edit form (its name), or by its id.
                names = (
                    {str(o): str(o.pk) for o in related_choices(f, obj.org)}
                    if isinstance(f, models.ForeignKey)
                    else None
                )
                try:
                    data[name] = to_form_value(f, body[name], names)
                except CellError as exc:
                    return Status(
                        409, {"detail": "不能办理该环节", "unmet": [f"{ledger.label(name)}：{exc}"]}
                    )
            else:
                current = getattr(obj, ledger.field(name).attname)
                data[name] = (
                    current.isoformat()
                    if isinstance(current, dt.date)
                    else ("" if current is None else current)
                )
        try:
            obj = procedures.transition(ledger, obj, step, request.user, note=note, data=data)
        except procedures.Refused as exc:
            return Status(409, {"detail": "不能办理该环节", "unmet": exc.unmet})
        return serialize(ledger, obj)


def build() -> Router:
    for ledger in registry.all_ledgers():
        _add_routes(ledger)
        if ledger.procedure is not None:
            _add_transition_route(ledger, [f"{ledger.area_name}：{ledger.title}"])
    return router
