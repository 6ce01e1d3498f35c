"""Digital signatures (PAdES) on issued PDFs, and checking them.

Production names its key, certificate and chain in PORTAL_SIGNING_KEY / _CERT / _CHAIN.
Without them the portal makes a development key and self-signed certificate under
instance/signing/ on first use, so that every installation signs from day one.
"""
import os
import shutil
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from flask import current_app

from portal.infra import files

_lock = threading.Lock()
FIELD_NAME = "ChuKySo"


def _development_files() -> tuple[Path, Path]:
    folder = files.signing_folder()
    if not folder.exists():
        _create_development_key(folder)
    return folder / "key.pem", folder / "cert.pem"


def _create_development_key(folder: Path) -> None:
    """Write a key and its certificate into a temporary folder, then rename it into
    place: a concurrent first use (threads or processes) never sees half a pair."""
    from cryptography import x509  # here only: a tenth of start-up, needed once per install
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())  # P-256: generated in a millisecond
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bộ Công an (phát triển)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Cổng cấp phép ATTT - khóa thử nghiệm")])
    start = datetime.now(timezone.utc) - timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_cert_sign=True, crl_sign=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".signing-"))
    (partial / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (partial / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (partial / "key.pem").chmod(0o600)
    try:
        os.rename(partial, folder)
    except OSError:  # another worker got there first: use theirs
        shutil.rmtree(partial)


def _paths() -> tuple[Path, Path, list[Path]]:
    config = current_app.config
    if config.get("PORTAL_SIGNING_KEY") and config.get("PORTAL_SIGNING_CERT"):
        chain = config.get("PORTAL_SIGNING_CHAIN")
        chain = [chain] if isinstance(chain, str) else list(chain or [])
        return Path(config["PORTAL_SIGNING_KEY"]), Path(config["PORTAL_SIGNING_CERT"]), [
            Path(p) for p in chain]
    key, cert = _development_files()
    return key, cert, []


def signer():
    """The app's signer, loaded once per application."""
    with _lock:
        cached = current_app.extensions.get("portal_signer")
        if cached is None:
            from pyhanko.sign import signers
            key, cert, chain = _paths()
            cached = signers.SimpleSigner.load(str(key), str(cert),
                                               ca_chain_files=tuple(map(str, chain)))
            if cached is None:
                raise RuntimeError(f"cannot load the signing key {key} or certificate {cert}")
            cached.signed_attr_prov_spec = _signing_certificate(cached.signing_cert)
            current_app.extensions["portal_signer"] = cached
        return cached


def _signing_certificate(cert):
    """The signed attributes a PAdES signature adds to the content type and digest here (no
    signing time, no timestamp): the signing certificate's identifier, encoded once per
    signer. pyHanko builds it anew for each signature, and asn1crypto encodes a value built
    that way again at every dump: a third of a signature."""
    from asn1crypto import cms
    from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
    from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

    class SigningCertificate(SignedAttributeProviderSpec, CMSAttributeProvider):
        attribute_type = "signing_certificate_v2"
        encoded = simple_cms_attribute(attribute_type, as_signing_certificate_v2(cert)).dump()

        def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
            yield self

        async def get_attribute(self, dry_run: bool = False):
            return cms.CMSAttribute.load(self.encoded)  # parsed: dumped as it was read

    return SigningCertificate()


def sign(pdf: bytes) -> bytes:
    """The PDF with a PAdES baseline signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES,
                                        location="Hà Nội, Việt Nam")
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    chosen = signer()
    return signers.sign_pdf(writer, meta, signer=chosen,
                            bytes_reserved=_reserved(chosen)).getvalue()


def _reserved(chosen) -> int:
    """Room for the signature container, which the PDF holds in hex: the certificates it embeds
    and 4 KiB for the signed attributes, the signature and the framing. Left to pyHanko, the
    room is measured by signing a dummy first, which doubled the cost of every signature."""
    certificates = {cert.dump() for cert in (chosen.signing_cert, *chosen.cert_registry)}
    return 2 * (sum(map(len, certificates)) + 4096)


def trust_roots() -> list:
    """The certificates a signature must chain to: the top of the configured chain, or
    the signing certificate itself when it is self-signed (development)."""
    from pyhanko.keys import load_cert_from_pemder
    key, cert, chain = _paths()
    return [load_cert_from_pemder(str(chain[-1] if chain else cert))]


def signature_problems(pdf: bytes) -> list[str]:
    """Why the PDF's signature does not hold (for operators); empty when it does."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 - any parse failure means "not our PDF"
        return [f"not a readable PDF: {error}"]
    if len(signatures) != 1:
        return [f"{len(signatures)} signatures found, expected exactly 1"]
    try:
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=trust_roots()))
    except Exception as error:  # noqa: BLE001 - a mangled signature raises rather than reports
        return [f"the signature cannot be checked: {error}"]
    problems = []
    if not (status.intact and status.valid):
        problems.append("the signature does not match the content: the file changed after signing")
    if not status.trusted:
        problems.append("the signing certificate does not chain to the portal's trust root")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("content was added after the signature")
    return problems
