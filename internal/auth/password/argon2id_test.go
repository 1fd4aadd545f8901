package password

import (
	"regexp"
	"testing"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHash_roundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, pw string }{
		{"ascii_password_round_trips", "hunter22"},
		{"non_ascii_password_round_trips", "pässwörd ⛸ on ice"},
		{"longest_password_round_trips", string(make([]byte, MaxBytes))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			encoded, err := Hash(tc.pw)
			if err != nil {
				t.Fatalf("Hash: %v", err)
			}
			if !phcPattern.MatchString(encoded) {
				t.Fatalf("Hash = %q, want PHC argon2id at OWASP parameters", encoded)
			}
			ok, rehash, err := Verify(encoded, tc.pw)
			if err != nil || !ok || rehash {
				t.Errorf("Verify(Hash(%q)) = (%v, %v, %v), want (true, false, nil)", tc.pw, ok, rehash, err)
			}
			ok, rehash, err = Verify(encoded, tc.pw+"!")
			if err != nil || ok || rehash {
				t.Errorf("Verify(wrong) = (%v, %v, %v), want (false, false, nil)", ok, rehash, err)
			}
		})
	}
}

func TestHash_saltIsRandom(t *testing.T) {
	t.Parallel()
	a, err := Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two hashes of one password are identical: %q", a)
	}
}

// Vectors from the reference C implementation (libargon2 1.0,
// argon2id_hash_encoded), so Verify is checked against an independent
// implementation and not only against itself.
func TestVerify_argon2idReferenceVectors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, password, encoded string
		wantRehash              bool
	}{
		{"current_params", "correct horse battery staple",
			"$argon2id$v=19$m=19456,t=2,p=1$c2thdGV0cmF4c2FsdDEyMw$RFReRjxztZ1y7GqsEJT2IWLeNVLuhYLEkPlDnNtKLgQ", false},
		{"stronger_params_need_rehash", "pässwörd ⛸",
			"$argon2id$v=19$m=65536,t=3,p=4$MDEyMzQ1Njc4OWFiY2RlZg$0ZdU3iLmI8U4zeftM83UzQt30teU+G1IEWqK+jqd8I8", true},
		{"weaker_params_short_salt_and_key_need_rehash", "legacy-params!",
			"$argon2id$v=19$m=4096,t=1,p=2$c2FsdHNhbHQ$1nVBHKl63EU+0jv6sSHgCA", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := Verify(tc.encoded, tc.password)
			if err != nil || !ok || rehash != tc.wantRehash {
				t.Errorf("Verify = (%v, %v, %v), want (true, %v, nil)", ok, rehash, err, tc.wantRehash)
			}
			ok, rehash, err = Verify(tc.encoded, tc.password+" ")
			if err != nil || ok || rehash {
				t.Errorf("Verify(wrong) = (%v, %v, %v), want (false, false, nil)", ok, rehash, err)
			}
		})
	}
}

func TestVerify_needsRehashWhenAnyParamDiffers(t *testing.T) {
	t.Parallel()
	variants := map[string]func(*argon2Params){
		"memory":      func(p *argon2Params) { p.memory = 12288 },
		"time":        func(p *argon2Params) { p.time = 3 },
		"threads":     func(p *argon2Params) { p.threads = 2 },
		"salt_length": func(p *argon2Params) { p.saltLen = 8 },
		"key_length":  func(p *argon2Params) { p.keyLen = 16 },
	}
	for name, change := range variants {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := currentParams
			change(&p)
			encoded, err := hashArgon2id("hunter22", p)
			if err != nil {
				t.Fatal(err)
			}
			ok, rehash, err := Verify(encoded, "hunter22")
			if err != nil || !ok || !rehash {
				t.Errorf("Verify(%s) = (%v, %v, %v), want (true, true, nil)", encoded, ok, rehash, err)
			}
		})
	}
}

// VerifyDummy only equalises timing if its hash costs what a real one costs.
func TestDummyHashUsesCurrentParams(t *testing.T) {
	t.Parallel()
	p, _, _, err := decodeArgon2id(dummyHash)
	if err != nil {
		t.Fatalf("dummy hash does not decode: %v", err)
	}
	if p != currentParams {
		t.Fatalf("dummy hash params = %+v, want %+v; regenerate dummyHash", p, currentParams)
	}
	ok, _, err := Verify(dummyHash, "")
	if err != nil || ok {
		t.Fatalf("Verify(dummyHash, \"\") = (%v, %v), want (false, nil)", ok, err)
	}
	VerifyDummy("anything") // must not panic
}
