#!/usr/bin/python3
"""A stand-in vendor terminal for the conformance suite's DUT `external` (conformance/README.md#vendors).

It reads one patient's My Number Card or phone through pcscd the way a vendor terminal would, with Debian's
python3-pyscard and the standard library only:

  wait for a card in the named reader; SELECT JPKI; tell card / iPhone / Android by EF 0006's label; VERIFY the
  auth PIN (card, Android) before reading; read the auth certificate by its 30 82 LL LL header in chunks of at most
  256 bytes; get a fresh challenge from the service (POST /challenges); sign SHA-256(challenge) with COMPUTE DIGITAL
  SIGNATURE over a DigestInfo; end an iPhone exchange with 80 FC 00 00; send the identity proof (POST /qualifications,
  the body sim/onshi/onshi-client.ts sends); write an OQS-style result file atomically; report each screen it shows as
  one JSON line (schema: conformance/external/display-report.ts).

Recovers from the card leaving the field (SCARD_W_REMOVED_CARD): waits for it to be presented again and starts the read
over (bounded). Transient service failures: at most 3 retries, each with a fresh challenge, then an error result file
(SegmentOfResult 9).

Secrets never come from argv and are never printed: the auth PIN the patient typed from $MYNA_CONFORMANCE_PIN or the
file named by --pin-file; the facility secret from the file named by --secret-file (or $MYNA_CONFORMANCE_FACILITY_SECRET).

Mutants (deliberately broken variants the suite must catch): --mutant NAME or $MYNA_STANDIN_MUTANT, see MUTANTS.

Exit codes: 0 a result file was written (answered, refused or error result); 3 the read ended without asking the service
(wrong PIN, expired phone, refused read); 4 no card was presented in time; 2 bad usage.
"""

import argparse
import base64
import datetime
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request

from smartcard import scard

JPKI_AID = bytes.fromhex("D392F000260100000001")
DIGEST_INFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")
LABELS = (("JPKIAPICCTOKEN2", "card"), ("JPKIAPGPSETOKEN", "android"), ("JPKIAPIOSTOKEN", "iphone"))
JST = datetime.timezone(datetime.timedelta(hours=9))
MAX_SERVICE_RETRIES = 3
MAX_READ_ATTEMPTS = 3
REMOVED = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_RESET_CARD, scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_E_READER_UNAVAILABLE}

MUTANTS = {
    "verify-iphone": "sends SELECT 0018 + VERIFY to an iPhone too (MYNA-HOST-001)",
    "first-256-bytes": "reads only the first 256 bytes of the certificate (MYNA-HOST-002)",
    "retry-wrong-pin": "retries a wrong PIN until the card answers 63C0 / 6984 (MYNA-HOST-006)",
    "reuse-challenge": "keeps the first challenge it got in its data folder and signs it again (MYNA-OQS-001)",
    "no-reconnect": "gives up when the card leaves the field mid-read (MYNA-HOST-011)",
    "no-last-command": "never sends 80 FC 00 00 to the iPhone (MYNA-HOST-010)",
}


class Removed(Exception):
    """The card or phone left the reader (SCARD_W_REMOVED_CARD and friends)."""


class CardError(Exception):
    def __init__(self, what, sw):
        super().__init__(f"{what}: SW {sw:04X}")
        self.sw = sw


class Display:
    """The display report: one JSON object per screen shown (conformance/external/display-report.ts)."""

    def __init__(self, path):
        self.path = path

    def show(self, state, kind, title, lines=(), buttons=(), code=None):
        entry = {"t": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"), "state": state, "kind": kind, "title": title, "lines": list(lines), "buttons": list(buttons)}
        if code is not None:
            entry["code"] = code
        log(f"screen {state}: {title}")
        if not self.path:
            return
        if self.path.startswith("http://"):
            # displayReport {kind: "http"}: one POST per screen; a refused or lost post is logged, the visit goes on.
            body = json.dumps(entry, ensure_ascii=False).encode("utf-8")
            request = urllib.request.Request(self.path, data=body, method="POST", headers={"content-type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=2) as answer:
                    answer.read()
            except (urllib.error.URLError, OSError) as error:
                log(f"display report: POST {self.path} failed: {error}")
            return
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def log(line):
    print(f"[vendor_terminal] {line}", file=sys.stderr, flush=True)


class Reader:
    """One PC/SC reader through pcscd (pyscard's scard module, so every return code is seen)."""

    def __init__(self, name):
        self.name = name
        rc, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if rc != scard.SCARD_S_SUCCESS:
            raise SystemExit(f"pcscd: {scard.SCardGetErrorMessage(rc)}")
        self.card = None
        self.pci = scard.SCARD_PCI_T1

    def _state(self, timeout_ms, current=scard.SCARD_STATE_UNAWARE):
        rc, states = scard.SCardGetStatusChange(self.context, timeout_ms, [(self.name, current)])
        if rc == scard.SCARD_E_TIMEOUT:
            return None
        if rc != scard.SCARD_S_SUCCESS:
            raise SystemExit(f"reader {self.name!r}: {scard.SCardGetErrorMessage(rc)}")
        return states[0][1]

    def wait(self, present, deadline):
        """Waits until a card is present (or gone); False when the deadline passes."""
        while time.monotonic() < deadline:
            state = self._state(0)
            if state is not None and bool(state & scard.SCARD_STATE_PRESENT) == present and not state & scard.SCARD_STATE_MUTE:
                return True
            self._state(min(500, max(1, int((deadline - time.monotonic()) * 1000))), state or scard.SCARD_STATE_UNAWARE)
        return False

    def connect(self):
        rc, card, protocol = scard.SCardConnect(self.context, self.name, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if rc in REMOVED:
            raise Removed(scard.SCardGetErrorMessage(rc))
        if rc != scard.SCARD_S_SUCCESS:
            raise Removed(f"connect: {scard.SCardGetErrorMessage(rc)}")
        self.card = card
        self.pci = scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0

    def disconnect(self):
        if self.card is not None:
            scard.SCardDisconnect(self.card, scard.SCARD_LEAVE_CARD)
            self.card = None

    def transmit(self, apdu):
        """Sends one command; follows 61xx with GET RESPONSE and 6Cxx with the right Le. Returns (data, sw)."""
        rc, response = scard.SCardTransmit(self.card, self.pci, list(apdu))
        if rc in REMOVED:
            raise Removed(scard.SCardGetErrorMessage(rc))
        if rc != scard.SCARD_S_SUCCESS:
            raise Removed(f"transmit: {scard.SCardGetErrorMessage(rc)}")
        if len(response) < 2:
            raise Removed("transmit: no status word (the card left mid-command)")
        data, sw = bytes(response[:-2]), (response[-2] << 8) | response[-1]
        if sw >> 8 == 0x6C and len(apdu) == 5:
            return self.transmit(bytes(apdu[:4]) + bytes([sw & 0xFF]))
        while sw >> 8 == 0x61:
            more, sw = self.transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
            data += more
        return data, sw


def select_ef(reader, fid):
    _, sw = reader.transmit(bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + fid)
    if sw != 0x9000:
        raise CardError(f"SELECT EF {fid.hex().upper()}", sw)


def read_binary(reader, offset, length):
    data, sw = reader.transmit(bytes([0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF, length & 0xFF]))
    if sw != 0x9000:
        raise CardError(f"READ BINARY at {offset}", sw)
    return data


def read_certificate(reader, mutant):
    """The auth certificate: 4 bytes at offset 0 give 30 82 LL LL; then chunks of at most 256 bytes up to LL + 4."""
    select_ef(reader, bytes.fromhex("000A"))
    header = read_binary(reader, 0, 4)
    if len(header) < 4 or header[0] != 0x30 or header[1] != 0x82:
        raise CardError("certificate header is not 30 82 LL LL", 0x6F00)
    total = ((header[2] << 8) | header[3]) + 4
    if mutant == "first-256-bytes":
        total = min(total, 256)
    cert = bytearray()
    while len(cert) < total:
        cert += read_binary(reader, len(cert), min(256, total - len(cert)))
    return bytes(cert[:total])


def token_kind(reader):
    select_ef(reader, bytes.fromhex("0006"))
    label = read_binary(reader, 0, 32).decode("latin1").rstrip(" \x00")
    for prefix, kind in LABELS:
        if label.startswith(prefix):
            return kind
    raise CardError(f"unknown token label {label!r}", 0x6F00)


def der_item(data, at):
    """(tag, start of content, end) of the DER item at `at`."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        n = length & 0x7F
        length, at = int.from_bytes(data[at:at + n], "big"), at + n
    return tag, at, at + length


def not_after(cert):
    """notAfter of an X.509 certificate (DER), as an aware datetime."""
    _, tbs, _ = der_item(cert, 0)
    _, at, _ = der_item(cert, tbs)
    tag, _, end = der_item(cert, at)
    at = end if tag == 0xA0 else at
    for _ in range(3):  # serial, signature, issuer
        _, _, at = der_item(cert, at)
    _, validity, _ = der_item(cert, at)
    _, _, after_before = der_item(cert, validity)
    tag, start, end = der_item(cert, after_before)
    text = cert[start:end].decode("ascii").rstrip("Z")
    if tag == 0x17:
        text = ("19" if int(text[:2]) >= 50 else "20") + text
    return datetime.datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=datetime.timezone.utc)


class Service:
    """The online qualification service over HTTP (loopback), Basic auth with the facility code and secret."""

    def __init__(self, url, code, secret):
        self.url = url.rstrip("/")
        self.code = code
        self.auth = "Basic " + base64.b64encode(f"{code}:{secret}".encode()).decode()

    def post(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method="POST", headers={"authorization": self.auth, **({"content-type": "application/json"} if data else {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"error": "http", "message": text[:200].decode("latin1")}


def challenge_for(service, data_dir, mutant):
    if mutant == "reuse-challenge" and data_dir:
        kept = os.path.join(data_dir, "first-challenge.json")
        if os.path.exists(kept):
            with open(kept, encoding="utf-8") as f:
                return 201, json.load(f)
        status, answer = service.post("/challenges")
        if status == 201:
            with open(kept, "w", encoding="utf-8") as f:
                json.dump(answer, f)
        return status, answer
    return service.post("/challenges")


def sign(reader, kind, challenge, mutant):
    select_ef(reader, bytes.fromhex("0017"))
    digest_info = DIGEST_INFO_SHA256 + hashlib.sha256(challenge).digest()
    signature, sw = reader.transmit(bytes([0x80, 0x2A, 0x00, 0x80, len(digest_info)]) + digest_info + b"\x00")
    if sw != 0x9000:
        raise CardError("COMPUTE DIGITAL SIGNATURE", sw)
    if kind == "iphone" and mutant != "no-last-command":
        reader.transmit(bytes.fromhex("80FC0000"))
    return signature


def oqs_time(at, digits):
    local = at.astimezone(JST)
    return local.strftime("%Y%m%d%H%M%S") + (f"{local.microsecond // 1000:03d}" if digits == 17 else "")


def xml_escape(value):
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def element(name, value, indent):
    if isinstance(value, dict):
        inner = "".join(element(k, v, indent + "  ") for k, v in value.items())
        return f"{indent}<{name}>\n{inner}{indent}</{name}>\n"
    return f"{indent}<{name}>{xml_escape(value)}</{name}>\n"


def result_xml(header, body):
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + element("XmlMsg", {"MessageHeader": header, "MessageBody": body}, "")


def write_result(folder, xml):
    """Writes OQSsiquc01res_face_<time>_<seq>.xml atomically: a hidden temporary file, fsync, rename."""
    os.makedirs(folder, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    name = f"OQSsiquc01res_face_{oqs_time(now, 17)}_{os.getpid() % 1000000:06d}.xml"
    temporary = os.path.join(folder, f".{name}.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(xml)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, os.path.join(folder, name))
    return name


def answered_xml(result, prescription):
    """The public field names of sim/terminal/oqs/oqs-result-xml.ts (docs/domain/oqs-files.md)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    header = {"ProcessExecutionTime": oqs_time(now, 14), "QualificationConfirmationDate": result.get("qualificationConfirmationDate", oqs_time(now, 14)[:8]), "MedicalInstitutionCode": result.get("medicalInstitutionCode", ""), "ReferenceClassification": result.get("referenceClassification", "1"), "SegmentOfResult": result.get("segmentOfResult", "1"), "CharacterCodeIdentifier": "0"}
    body = {"ProcessingResultStatus": result.get("processingResultStatus", "2")}
    for source, target in (("processingResultCode", "ProcessingResultCode"), ("processingResultMessage", "ProcessingResultMessage"), ("qualificationValidity", "QualificationValidity")):
        if result.get(source):
            body[target] = result[source]
    insured = result.get("insured")
    if insured:
        body["ResultList"] = {"ResultOfQualificationConfirmation": {"InsurerNumber": insured["insurerNumber"], "InsurerName": insured["insurerName"], "InsuredCardSymbol": insured["insuredCardSymbol"], "InsuredIdentificationNumber": insured["insuredIdentificationNumber"], "InsuredBranchNumber": insured["insuredBranchNumber"], "PersonalFamilyClassification": insured["personalFamilyClassification"], "Name": insured["name"], "NameKana": insured["nameKana"], "Sex1": insured["sex"], "Birthdate": insured["birthdate"], "QualificationDate": insured["qualificationDate"], "InsuredPartialContributionRatio": insured["copaymentRatio"]}}
    body["PrescriptionIssueSelect"] = prescription
    return result_xml(header, body)


def error_xml(code, error_code, message):
    now = datetime.datetime.now(datetime.timezone.utc)
    header = {"ProcessExecutionTime": oqs_time(now, 14), "QualificationConfirmationDate": oqs_time(now, 14)[:8], "MedicalInstitutionCode": code, "ReferenceClassification": "1", "SegmentOfResult": "9", "ErrorCode": error_code, "ErrorMessage": message, "CharacterCodeIdentifier": "0"}
    return result_xml(header, {"ProcessingResultStatus": "2"})


def read_secret(env_name, file_name):
    if file_name:
        with open(file_name, encoding="utf-8") as f:
            return f.readline().strip() or None
    value = os.environ.get(env_name)
    if value is None:
        return None
    return value.strip() or None


class Visit:
    """One patient: the read, the service, the result."""

    def __init__(self, args, display):
        self.args = args
        self.display = display
        self.mutant = args.mutant or os.environ.get("MYNA_STANDIN_MUTANT") or None
        self.reader = Reader(args.reader)
        self.pin = read_secret("MYNA_CONFORMANCE_PIN", args.pin_file)
        secret = read_secret("MYNA_CONFORMANCE_FACILITY_SECRET", args.secret_file)
        if not secret:
            raise SystemExit("no facility secret: --secret-file F or $MYNA_CONFORMANCE_FACILITY_SECRET")
        self.service = Service(args.service, args.facility, secret)
        answers = {}
        if args.answers and os.path.exists(args.answers):
            with open(args.answers, encoding="utf-8") as f:
                answers = json.load(f)
        self.consent = answers.get("consent")
        self.prescription = "2" if answers.get("prescription") == "paper" else "1"
        self.deadline = time.monotonic() + args.wait_seconds

    def wait_for_card(self):
        """Waits for a card and connects; a card that is gone again before the connect is waited for anew (bounded)."""
        self.display.show("standby", "idle", "マイナンバーカードまたはスマートフォンをかざしてください")
        while True:
            if not self.reader.wait(True, self.deadline):
                self.display.show("timeout", "error", "読み取れませんでした", ["カードまたはスマートフォンが置かれませんでした"])
                raise SystemExit(4)
            try:
                self.reader.connect()
                return
            except Removed as removed:
                log(f"the card left before the connect ({removed})")
                self.reader.wait(False, min(self.deadline, time.monotonic() + 2))

    def wait_for_new_card(self, title, lines):
        self.display.show("hold-again", "guidance", title, lines)
        self.reader.disconnect()
        self.reader.wait(False, self.deadline)
        self.wait_for_card()

    def read(self):
        """SELECT JPKI, token kind, PIN (card, Android), certificate. Returns (kind, certificate) or exits."""
        _, sw = self.reader.transmit(bytes([0x00, 0xA4, 0x04, 0x0C, len(JPKI_AID)]) + JPKI_AID)
        if sw != 0x9000:
            raise CardError("SELECT JPKI", sw)
        self.display.show("reading", "progress", "読み取り中です", ["動かさないでください"])
        kind = token_kind(self.reader)
        if kind in ("card", "android") or self.mutant == "verify-iphone":
            self.verify(kind)
        return kind, read_certificate(self.reader, self.mutant)

    def verify(self, kind):
        pin = self.pin if self.pin is not None else ("1234" if self.mutant == "verify-iphone" else None)
        if pin is None:
            self.display.show("pin-needed", "error", "暗証番号が入力されていません")
            raise SystemExit(3)
        select_ef(self.reader, bytes.fromhex("0018"))
        while True:
            _, sw = self.reader.transmit(bytes([0x00, 0x20, 0x00, 0x80, len(pin)]) + pin.encode("ascii"))
            if sw == 0x9000:
                return
            if kind == "iphone":
                return
            if sw >> 4 == 0x63C and (sw & 0xF) > 0 and self.mutant == "retry-wrong-pin":
                continue
            if sw >> 4 == 0x63C and (sw & 0xF) > 0:
                self.display.show("pin-wrong", "input", "暗証番号が違います", [f"残り{sw & 0xF}回入力できます"])
            else:
                self.display.show("pin-locked", "error", "暗証番号がロックされています", ["市区町村の窓口で初期化してください"])
            raise SystemExit(3)

    def run(self):
        self.wait_for_card()
        for attempt in range(1, MAX_READ_ATTEMPTS + 1):
            try:
                kind, cert = self.read()
                if kind != "card" and not_after(cert) < datetime.datetime.now(datetime.timezone.utc):
                    self.display.show("error-006", "error", "利用者証明用電子証明書の失効・有効期限切れ", ["マイナンバーカードまたは資格確認書をお使いください"], code="006")
                    return 3
                return self.qualify(kind, cert)
            except Removed as removed:
                log(f"the card left the reader ({removed}); attempt {attempt} of {MAX_READ_ATTEMPTS}")
                if self.mutant == "no-reconnect" or attempt == MAX_READ_ATTEMPTS:
                    self.display.show("read-failed", "error", "読み取りに失敗しました", ["マイナンバーカード、資格確認書またはマイナポータルの画面をお使いください"])
                    return 3
                self.wait_for_new_card("もう一度かざしてください", ["読み取りが終わるまで動かさないでください"])
            except CardError as error:
                log(str(error))
                if error.sw == 0x6982 and attempt < MAX_READ_ATTEMPTS:
                    self.wait_for_new_card("iPhoneで顔認証（Face ID）をしてから、もう一度かざしてください", ["マイナポータルアプリの案内に従ってください"])
                    continue
                self.display.show("read-failed", "error", "読み取りに失敗しました", [str(error)])
                return 3
        return 3

    def qualify(self, kind, cert):
        """A fresh challenge per attempt, signed by the device; at most MAX_SERVICE_RETRIES retries; a result file."""
        self.display.show("checking", "progress", "資格を確認しています")
        method = "biometric" if kind == "iphone" else "pin"
        for attempt in range(1 + MAX_SERVICE_RETRIES):
            try:
                status, challenge = challenge_for(self.service, self.args.data_dir, self.mutant)
            except (urllib.error.URLError, OSError) as error:
                status, challenge = 0, {"message": str(error)}
            if status == 201:
                raw = base64.b64decode(challenge["challenge"])
                signature = sign(self.reader, kind, raw, self.mutant)
                body = {"deviceKind": kind, "method": method, "certificate": base64.b64encode(cert).decode(), "challengeId": challenge["challengeId"], "challenge": challenge["challenge"], "deviceSignature": base64.b64encode(signature).decode()}
                if self.consent is not None:
                    body["consent"] = self.consent
                    body["limitApplicationCertificateRelatedConsFlg"] = bool(self.consent.get("limitApplicationCertificateRelatedConsFlg"))
                try:
                    status, result = self.service.post("/qualifications", body)
                except (urllib.error.URLError, OSError) as error:
                    status, result = 0, {"message": str(error)}
                if status in (200, 422):
                    name = write_result(self.args.res, answered_xml(result, self.prescription))
                    validity = result.get("qualificationValidity", "")
                    self.display.show("result", "result", "資格確認が終わりました" if status == 200 else "資格確認ができませんでした", [f"QualificationValidity {validity}" if status == 200 else str(result.get("processingResultCode", ""))])
                    log(f"result file {name}")
                    return 0
            log(f"service answered {status} (attempt {attempt + 1} of {1 + MAX_SERVICE_RETRIES})")
            if status and 400 <= status < 500 and status != 429:
                break
            time.sleep(0.2 * (attempt + 1))
        name = write_result(self.args.res, error_xml(self.args.facility, "SERVICE-UNAVAILABLE", "オンライン資格確認等システムに接続できません"))
        self.display.show("error-system", "error", "システムエラー", ["資格確認書またはマイナポータルの画面で確認してください"])
        log(f"error result file {name}")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Mutants: " + "; ".join(f"{k}: {v}" for k, v in MUTANTS.items()))
    parser.add_argument("--reader", required=True, help="PC/SC reader name, e.g. 'Virtual PCD 00 00'")
    parser.add_argument("--service", required=True, help="the online qualification service's base URL (loopback)")
    parser.add_argument("--facility", required=True, help="the facility's medical institution code (10 digits)")
    parser.add_argument("--secret-file", help="file holding the facility secret (else $MYNA_CONFORMANCE_FACILITY_SECRET)")
    parser.add_argument("--pin-file", help="file holding the auth PIN the patient typed (else $MYNA_CONFORMANCE_PIN)")
    parser.add_argument("--res", required=True, help="the RES folder result files go to")
    parser.add_argument("--display-report", help="append one JSON line per screen shown to this file, or POST each to this http:// URL")
    parser.add_argument("--answers", help="JSON file with the patient's answers on the consent screens: {consent: {...}, prescription}")
    parser.add_argument("--data-dir", help="the terminal's own data folder (kept across visits)")
    parser.add_argument("--wait-seconds", type=float, default=30.0, help="how long a visit may take at most (default 30)")
    parser.add_argument("--mutant", choices=sorted(MUTANTS), help="run a deliberately broken variant (conformance mutants)")
    args = parser.parse_args()
    display = Display(args.display_report)
    visit = Visit(args, display)
    try:
        return visit.run()
    finally:
        visit.reader.disconnect()
        scard.SCardReleaseContext(visit.reader.context)


if __name__ == "__main__":
    sys.exit(main())
