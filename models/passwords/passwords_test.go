package passwords

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	hash, err := Hash("s3cret pass")
	if err != nil {
		t.Fatal(err)
	}
	other, err := Hash("s3cret pass")
	if err != nil {
		t.Fatal(err)
	}
	if hash == other {
		t.Errorf("two hashes of one password are equal (%s): the salt is not random", hash)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 {
		t.Fatalf("hash %q is not in the PHC format", hash)
	}
	// A valid hash with its key replaced by an empty one, or with impossible
	// parameters: none may match, and none may panic.
	emptyKey := strings.Join(append(parts[:5:5], ""), "$")
	zeroTime := strings.Join([]string{"", "argon2id", "v=19", "m=19456,t=0,p=1", parts[4], parts[5]}, "$")
	zeroThreads := strings.Join([]string{"", "argon2id", "v=19", "m=19456,t=2,p=0", parts[4], parts[5]}, "$")
	wrongAlgo := strings.Replace(hash, "argon2id", "argon2i", 1)
	badSalt := strings.Join([]string{"", "argon2id", "v=19", "m=19456,t=2,p=1", "!!!", parts[5]}, "$")
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right password", hash, "s3cret pass", true},
		{"second hash of it", other, "s3cret pass", true},
		{"wrong password", hash, "s3cret pasS", false},
		{"empty password", hash, "", false},
		{"empty hash", "", "", false},
		{"plain text stored", "s3cret pass", "s3cret pass", false},
		{"bcrypt hash", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "s3cret pass", false},
		{"other argon2 variant", wrongAlgo, "s3cret pass", false},
		{"bad parameters", "$argon2id$v=19$m=x,t=2,p=1$" + parts[4] + "$" + parts[5], "s3cret pass", false},
		{"bad salt", badSalt, "s3cret pass", false},
		{"empty key matches nothing", emptyKey, "anything", false},
		{"zero passes", zeroTime, "s3cret pass", false},
		{"zero threads", zeroThreads, "s3cret pass", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.hash, tt.password); got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}
