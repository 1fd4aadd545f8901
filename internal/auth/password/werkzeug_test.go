package password

import (
	"errors"
	"strings"
	"testing"
)

// Vectors produced by Werkzeug 3.1.8 (generate_password_hash for the first,
// the others via hashlib exactly as Werkzeug computes them) and checked with
// werkzeug.security.check_password_hash.
var werkzeugVectors = []struct {
	name, password, encoded string
}{
	{
		"scrypt_werkzeug_default_generated",
		"hunter22-skate",
		"scrypt:32768:8:1$8lImqfeXEGDAFIl0$85b4f59f936e3ebcf07a065b37b938818854f24bda8fc059f9793bf24a949b442ef83ec5fe65f7b30734baea41939629b3f3e00bda26e5f43b3fb864b5110531",
	},
	{
		"scrypt_default_params",
		"correct horse battery staple",
		"scrypt:32768:8:1$Krs0iXbF0jgPYwz0$d0fc0d068a5cd87cf4af3b9d8c1d2976569c9e31d4a3a15c606a843699731d5dd819d5f2951cd0a441c048f5c3f5e749d4e623c407944ec20f1820e2d1a667ec",
	},
	{
		"scrypt_non_ascii_password",
		"pässwörd ⛸",
		"scrypt:16384:8:1$aB3dE6gH9jK2mN5p$13349abed6a52c2a6697676c9a29278a7b01f25ce5cbda54496b8c666f28b9e51e39ec0f4db161a88b7f36a91394802a4ae0278a97e319e37f77937e62c2d45e",
	},
	{
		"scrypt_p_greater_than_1",
		"short",
		"scrypt:1024:4:2$Zz9Yy8Xx7Ww6Vv5U$0904d1dc858509e665c2e0862d1e4f4326a2ff90f5dfaa985dd4317990c0339ee061105137a462739de10b07c20565bcc8dcf3bd5586ed8b695833aea0df3218",
	},
	{
		"pbkdf2_sha256_werkzeug_2_0",
		"correct horse battery staple",
		"pbkdf2:sha256:260000$q8Wn2LkP0sRt6VbX$b0701d907a0f5be7d8e806085fec8429463194ebac18734dd72d9769d9bcc6a2",
	},
	{
		"pbkdf2_sha256_non_ascii_password",
		"pässwörd ⛸",
		"pbkdf2:sha256:600000$Mn4Bv7Cx1Zl3Kj5H$29ea9d44b43a63e83d92958d6b5f930d9c8fb156ac7495e1f010c200ef6182d4",
	},
	{
		"pbkdf2_sha512",
		"correct horse battery staple",
		"pbkdf2:sha512:1000$Gf2Ds9Aq8Wp1Oi7U$e42377c38f1495a6c6a8e8e91a0ce84e97b54595f6eee77b82898680767f663776062dff2f117101956fd49d0ca6e0c61ce2d801c0114d0f4f26b6652f2d2dfd",
	},
}

func TestVerify_werkzeug(t *testing.T) {
	t.Parallel()
	for _, v := range werkzeugVectors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			t.Run("right_password_matches_and_needs_rehash", func(t *testing.T) {
				ok, rehash, err := Verify(v.encoded, v.password)
				if err != nil || !ok || !rehash {
					t.Fatalf("Verify = (%v, %v, %v), want (true, true, nil)", ok, rehash, err)
				}
			})
			t.Run("wrong_password_does_not_match", func(t *testing.T) {
				wrong := v.password + "x"
				ok, rehash, err := Verify(v.encoded, wrong)
				if err != nil || ok || rehash {
					t.Errorf("Verify(wrong %q) = (%v, %v, %v), want (false, false, nil)", wrong, ok, rehash, err)
				}
			})
		})
	}
}

// A changed salt or a changed parameter must change the result; otherwise the
// vectors above would pass even if the salt or N were ignored.
func TestVerify_werkzeugUsesSaltAndParams(t *testing.T) {
	t.Parallel()
	const pw = "short"
	base := werkzeugVectors[3].encoded // scrypt:1024:4:2$Zz9Yy8Xx7Ww6Vv5U$...
	for name, tampered := range map[string]string{
		"other_salt_does_not_verify": strings.Replace(base, "$Zz9Yy8Xx7Ww6Vv5U$", "$Zz9Yy8Xx7Ww6Vv5V$", 1),
		"other_n_does_not_verify":    strings.Replace(base, "scrypt:1024:", "scrypt:2048:", 1),
		"other_r_does_not_verify":    strings.Replace(base, ":4:2$", ":5:2$", 1),
		"other_p_does_not_verify":    strings.Replace(base, ":4:2$", ":4:1$", 1),
	} {
		t.Run(name, func(t *testing.T) {
			ok, _, err := Verify(tampered, pw)
			if err != nil || ok {
				t.Errorf("Verify = (%v, %v), want (false, nil)", ok, err)
			}
		})
	}
	pb := werkzeugVectors[6].encoded // pbkdf2:sha512:1000$...
	ok, _, err := Verify(strings.Replace(pb, ":1000$", ":1001$", 1), "correct horse battery staple")
	if err != nil || ok {
		t.Errorf("other iterations: Verify = (%v, %v), want (false, nil)", ok, err)
	}
}

func TestVerify_malformed(t *testing.T) {
	t.Parallel()
	hex128 := strings.Repeat("ab", 64)
	hex64 := strings.Repeat("ab", 32)
	cases := []struct {
		name, encoded string
		want          error
	}{
		{"empty", "", ErrUnknownFormat},
		{"plaintext", "hunter22", ErrUnknownFormat},
		{"bcrypt", "$2b$12$abcdefghijklmnopqrstuu5O1V8Q8n5mC7m0dQv7bXH8Tq8i1O1xS", ErrUnknownFormat},
		{"argon2i", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$" + strings.Repeat("A", 43), ErrUnknownFormat},
		{"werkzeug_plain_method", "plain$$hunter22", ErrUnknownFormat},
		{"scrypt_uppercase_method", "SCRYPT:32768:8:1$salt$" + hex128, ErrUnknownFormat},

		{"scrypt_two_fields", "scrypt:32768:8:1$" + hex128, ErrMalformedHash},
		{"scrypt_bare_method", "scrypt$salt$" + hex128, ErrMalformedHash},
		{"scrypt_two_params", "scrypt:32768:8$salt$" + hex128, ErrMalformedHash},
		{"scrypt_four_params", "scrypt:32768:8:1:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_signed_param", "scrypt:+32768:8:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_padded_param", "scrypt: 32768:8:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_leading_zero", "scrypt:032768:8:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_n_not_power_of_two", "scrypt:30000:8:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_n_one", "scrypt:1:8:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_r_zero", "scrypt:1024:0:1$salt$" + hex128, ErrMalformedHash},
		{"scrypt_p_zero", "scrypt:1024:8:0$salt$" + hex128, ErrMalformedHash},
		{"scrypt_empty_salt", "scrypt:1024:8:1$$" + hex128, ErrMalformedHash},
		{"scrypt_short_hash", "scrypt:1024:8:1$salt$" + hex64, ErrMalformedHash},
		{"scrypt_uppercase_hex", "scrypt:1024:8:1$salt$" + strings.ToUpper(hex128), ErrMalformedHash},
		{"scrypt_non_hex", "scrypt:1024:8:1$salt$" + strings.Repeat("zz", 64), ErrMalformedHash},
		{"scrypt_extra_dollar", "scrypt:1024:8:1$salt$" + hex128 + "$x", ErrMalformedHash},
		{"scrypt_empty_hash", "scrypt:1024:8:1$salt$", ErrMalformedHash},

		{"pbkdf2_no_iterations", "pbkdf2:sha256$salt$" + hex64, ErrMalformedHash},
		{"pbkdf2_bare", "pbkdf2$salt$" + hex64, ErrMalformedHash},
		{"pbkdf2_zero_iterations", "pbkdf2:sha256:0$salt$" + hex64, ErrMalformedHash},
		{"pbkdf2_negative_iterations", "pbkdf2:sha256:-1$salt$" + hex64, ErrMalformedHash},
		{"pbkdf2_hex_iterations", "pbkdf2:sha256:0x10$salt$" + hex64, ErrMalformedHash},
		{"pbkdf2_sha256_sha512_length", "pbkdf2:sha256:1000$salt$" + hex128, ErrMalformedHash},
		{"pbkdf2_sha1", "pbkdf2:sha1:1000$salt$" + strings.Repeat("ab", 20), ErrUnknownFormat},
		{"pbkdf2_md5", "pbkdf2:md5:1000$salt$" + strings.Repeat("ab", 16), ErrUnknownFormat},

		{"argon2id_missing_fields", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY", ErrMalformedHash},
		{"argon2id_old_version", "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_no_version", "$argon2id$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_params_reordered", "$argon2id$v=19$t=2,m=19456,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_param_missing", "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_param_not_number", "$argon2id$v=19$m=lots,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_padded_base64", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY=$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_urlsafe_base64", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNh_-QxMjM0NTY$" + strings.Repeat("A", 43), ErrMalformedHash},
		{"argon2id_leading_text", "x$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 43), ErrUnknownFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := Verify(tc.encoded, "hunter22")
			if ok || rehash {
				t.Errorf("Verify = (%v, %v, _), want (false, false, _)", ok, rehash)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Verify error = %v, want %v", err, tc.want)
			}
		})
	}
}

// Hostile parameters must be rejected before any work is done: each of these
// would otherwise take seconds to hours or gigabytes of memory.
func TestVerify_hostileParamsAreRejectedBeforeHashing(t *testing.T) {
	t.Parallel()
	hex128 := strings.Repeat("ab", 64)
	hex64 := strings.Repeat("ab", 32)
	key := strings.Repeat("A", 43)
	cases := []struct{ name, encoded string }{
		{"scrypt_n_2_21", "scrypt:2097152:1:1$salt$" + hex128},
		{"scrypt_n_2_40", "scrypt:1099511627776:1:1$salt$" + hex128},
		{"scrypt_n_overflowing_uint64", "scrypt:9223372036854775808:1:1$salt$" + hex128},
		{"scrypt_memory_1GiB", "scrypt:1048576:8:1$salt$" + hex128},
		{"scrypt_r_huge", "scrypt:1024:1000000:1$salt$" + hex128},
		{"scrypt_p_huge", "scrypt:2:1:1073741823$salt$" + hex128},
		{"scrypt_work_too_high", "scrypt:262144:8:4$salt$" + hex128},
		{"scrypt_huge_salt", "scrypt:1024:8:1$" + strings.Repeat("s", 1<<20) + "$" + hex128},
		{"pbkdf2_iterations_just_over", "pbkdf2:sha256:10000001$salt$" + hex64},
		{"pbkdf2_iterations_huge", "pbkdf2:sha512:9999999999999999999$salt$" + strings.Repeat("ab", 64)},
		{"argon2id_memory_4GiB", "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_memory_overflow", "$argon2id$v=19$m=18446744073709551615,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_time_huge", "$argon2id$v=19$m=19456,t=100000,p=1$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_time_zero", "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_threads_zero", "$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_threads_256", "$argon2id$v=19$m=19456,t=2,p=256$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_memory_below_8p", "$argon2id$v=19$m=8,t=2,p=2$c2FsdHNhbHQxMjM0NTY$" + key},
		{"argon2id_key_too_long", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY$" + strings.Repeat("A", 1400)},
		{"argon2id_key_too_short", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQxMjM0NTY$AAAA"},
		{"argon2id_salt_too_short", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + key},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Only the parsers return these errors, before any key is
			// derived; a hostile value that reached the KDF would instead
			// take gigabytes or hours and end the test binary.
			ok, rehash, err := Verify(tc.encoded, "hunter22")
			if ok || rehash {
				t.Errorf("Verify = (%v, %v, _), want (false, false, _)", ok, rehash)
			}
			if !errors.Is(err, ErrUnsafeParameters) && !errors.Is(err, ErrMalformedHash) {
				t.Errorf("Verify error = %v, want ErrUnsafeParameters or ErrMalformedHash", err)
			}
		})
	}
}

// FuzzVerify checks that no stored value makes Verify panic. Parameters are
// bounded, so every input finishes; run with -fuzz to explore.
func FuzzVerify(f *testing.F) {
	// Cheap seeds only: the seed corpus also runs in every plain go test.
	f.Add(werkzeugVectors[3].encoded, werkzeugVectors[3].password)
	f.Add(werkzeugVectors[6].encoded, werkzeugVectors[6].password)
	f.Add(dummyHash, "x")
	f.Add("scrypt:2:1:1$s$"+strings.Repeat("0", 128), "")
	f.Add("pbkdf2:sha256:1$s$"+strings.Repeat("0", 64), "")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$"+strings.Repeat("A", 22), "")
	f.Fuzz(func(t *testing.T, encoded, password string) {
		ok, rehash, err := Verify(encoded, password)
		if err != nil && (ok || rehash) {
			t.Fatalf("Verify = (%v, %v, %v): an error must come with false, false", ok, rehash, err)
		}
		if rehash && !ok {
			t.Fatalf("needsRehash without a match")
		}
	})
}
