namespace CertCreds.Testing;

/// <summary>
/// RSA test keys generated once with <c>openssl genpkey</c> and kept here, because making RSA keys at run time is
/// slow (4096 bits: seconds each). They protect nothing: they only sign throwaway test certificates. Used by
/// <see cref="TestIdentities"/> when a test class asks for pooled keys; each instance hands every key out once.
/// </summary>
internal static class PooledKeys
{
    public const string Ca = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQD+Gudyd8TCGMGZ
        HSEiU07XdL5Ru3bcqNlMCOcXPSdfPugTIpG8ioMqo5snA6VTnmeiKzrQPPlRKMyK
        /G13aA+BbOBsiOvWm7UNn0580xWh4N8yKgn+2PGlgKkwNhoKTtigYDJ4pzka2HAR
        JPbru35/vBqZawDSvZo+n3tRJWonnxxw/Kyk86QfOfO3qaubIQz+IIgC2p9UbtIu
        CJ/MhOPUmW4KRwB/48Y7uuGmsIU+daoh7r3LS2jlmctixavlSypom6n3hoO6uYSR
        jywvCQVsyZ//lsEZ7W3rKtDiIRJLd6zlzhW4p9BbLl0+rt9kux8eHBy52nUGrmdX
        XNJnFE2TAgMBAAECggEAFUjy+t9WHPLD7MEdkGmCtiuHnFhj+XyEpIjZCqpLDQBm
        TOFdbHn8c2rm89qrU5jLkjBQKeH2+bm9gHrqlHuj/jG85CUyqXRmMxuVZdasqOBU
        RzhxmTuvlNnKfPOwig0sD4BfWe9FVPQCVyf4gwCJSnEwQopNtFlrfTQQuVhf+azV
        6MKqX3UnneLbQCHr/EmUEPiwY2P7tgDS6eNfOnpqWLkzJp9k7RgJVMS4fr1u7u/t
        HzGvqh4sXNPd+rMNjcuchsNxMBx303sQwSjDw/IENbcIHYpCJ2a7y3waVAZsQifN
        DBpSJvH7MwMpSno9cJOqFUe897EhykUyBA0P2pcZQQKBgQD/Z+SBVm+JbY6SPww4
        hjskZlgmvOSynSyxqfWUzX2cR+o4xWn4hk+3nZEg/G8gxw5OdOkIB8qhtis3jChf
        wi9HSRkfZM/9NrQDCI08dA5VDTJj3Vxr9VLkUqfk/mC1vOc1YFvaDQKLkuB3KEHw
        WskyHcaDXsXnUoSnstQa+zbRYQKBgQD+sjyhSFn1xjZrK91Q19w1O2YDmWqggKQ/
        MseV0HVnZLm40ElRkfoZ/WakofVFfBrMpYnz022S7NRHFcENm/lhF7VHxMwikWER
        G6D5aZljvJjQEuI51PWqNpI5zrtD7Fc1IsTe27fSaEkY01+duCVQ1GoTMBxtdihG
        KulQRQmfcwKBgQC8EEMY3Y2ZkxtVIqmcAXMRFW85bwOzZbqgQ7a6UCl65xVXoj2q
        qzONz68qq9YkO46URM/Ggv443wuphkHAaRspEXE3RaNFH3+jcCuXZRmclPASys+g
        Cu9zgk1wd8K8b5GMIxzfTY8fORKhivoqwp69kWE4IJP3BjL5zNsT1wEBYQKBgQDJ
        dDdqpmypbr9KY6apNCP0YugcvrNNApNnfYXKJNlID66q1Oy5PUpiVkFixMvYywHz
        jpggKMKJrRN2qmlJl25X8sWrX6jLSsxJGN5piLIP5nPEWLthXOV3XbSpTrBmWEDe
        QYMQdx/dqCjxHveJK8cwOOMyDCLgHc5bOcPTftfOqwKBgC/bQ5PAknPDJI1uyWh8
        hT3Vr7WSNZQ9DkOwiJz57Mp04W7SJpsA4phaDyNRzO4y3WZ1goA6TyJ11jXOr8ut
        1ok8+yt1IqJ1e3BOQ3pCwAtPpoyP5OBX6w8kNiIsNbpiOKDMbXwAIPXHCJSG26OF
        Es90gk6CqkCRYlemL0iTDd4G
        -----END PRIVATE KEY-----
        """;

    public const string Rsa2048A = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQChidYBLyor7U1d
        IEvKRW5Ul8D8oMvA53Egmpd3m2XZ8FfVS31m4rUA3TskWZPtPU4qe4q2mqVbbRtk
        5wnWHkZMJdpHSIY4a3C0edM75i1V2Bak/0b42STuRWA1tBvywsk4PX5R+GCjnWDx
        tRFcZJntZR1EUdsFFDqJm4ijVRsZns7HSL1BBududLmohjxXZrelM2O1T1aUWKJi
        yoHfpGF6J5SMM7ilnykWZnZLsK+jayIkPWHsyZhKZlGGaB5irpEYMNPScHgCNW+o
        B2XfQsmWMd6KQsHh+zJTIJAxNhoiFgZxU+EqZH0p431ha5EQr61v5DVzcU+L75kM
        DZmWNZHtAgMBAAECggEAFFAsvj22lrXYCSe4WslWrEI1rURGavhk9D3MYejY1XTm
        LqG4Crnjxfs2kTBx1smN7JoCzEnvv5VIS8IhLVuQPnTHbo2oUdbyN20BtYy70wmB
        y3d4bsQrjd+Lz3pZxgddiKTJn42AEC2y/6IOeqkB5uV/WSnWmgcRrLUyE6FDmk8i
        uMSiqYs6WG5XHIHNXAt15vdmtg+Z40H/1lxv41mtyviqh4Dv6jWAILIT68nj7OAR
        nmjFweG4UqwsNr83MU8SpMWZYUNmCruBhk3IDkmGJ07vTHOz56DmDcnJiMAPBaB8
        UGaeIdYeb+U4BCaso0RVNdVe/M1C/VNyLiHE1bcptwKBgQDOa2sL92/Kjuf/NcKh
        74fs0wCilNRwxTOnFnx85srbr3bb3hQsIi90lMrfOG86utPFwPLeEaRdmubfSnf6
        wK8ymTgVZd54Tqhg9tICBo6oMe1gz0bfRIVvLgr1kfvKOcahhpbbGWHEXfW1kBZO
        EshPB/nYUR8/zwY8KyJaiJPO7wKBgQDIVrVtC6x09u38rOWkgZNnFAiB8y9Tqia5
        MadwQbZeqEiUrr2JF4YvRhQTr4gv2zqa81dkEr6mp8ykiKGI448t6tphMj634i5c
        zA8FQX0o/e5aje/BEQXHFDYiECliZ7zhK2eLzTuErTpe2P1OfLYaSJXZwCLsf6/y
        YUJ2paws4wKBgGaH8sch4/SAYXpiEMhw+1pGQNWBCbjuK0b+o11DIlZW5Lo3qFt3
        q4zD77VLCezpKhHbUoe9yZ/5Nl6JVelG1n9Sngn67LNjlr17PDtnWGrxSdDBhJmY
        JpNgEm+CUMhVRHWtLbes9uQcK9VAueOT7s1az96EBPqj8ZvnbQv9NTYfAoGBAMEs
        Yqov/G2YAGiI6rHSQ6i792wean8Y7VfbWiFzK39gcwPy7k13gmqo/wjwU7gZgwwQ
        Ii8bp/wYhsoL+P5+tfvHniTkhvdWP/A4zy75M89H8wIcJJeca17HzV7RCKabctQH
        v0NddMt9IXB9eNqqhAkZ/mxFyScUBDsJr0WqgDeTAoGBAJcVS1waxcttZ0d0l4w8
        +Ccf3GDTFEzT8DC5EsCRSpBJU8HDi/NM8NQq953cqfktmuPy5eJScQYqaLcIfhM5
        7Vae//RqOx3diWFlw7gkDul1LvPW5a5hlPj4dUt+zSRPR+iXTb49hdRmQiW3Lkob
        O/7q3BPrlUgU7/11SP4Bmdnh
        -----END PRIVATE KEY-----
        """;

    public const string Rsa2048B = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCV7mNd5Mm2cjRc
        q8f6qG1ORes1TAOphXZ43q43XOyf4/5JCcdsvV4Hk9rU6HC6pWtprEifSYIVvXYI
        2pvaoV04ewDfYYYXTBYxE5i6EfJj2wQFBZ8cSO+pADRuh2gPtTu6K6NxoWgmJSwP
        hWMF6EvZKgfflN86PogZ8HdePB+EzXhPIh8F9GGqA0p6iDn1oLRORewScSnBn0LR
        ek8czKq1ZSpFvl0avwZgsmQID977BcU5JarlET35CCifG7G+u6fHs/dtvmXhJuoe
        NGbCgvllj2A/Q4WqbVesw36+XfFjKNeuMyL7o/oJ7NFxQoyBvPjt/lDH3CxxD138
        ZMjawZYdAgMBAAECggEAHqgicEn+Rsx+UW6cku/KfeVFDV5QJ2MPUPKza8WX6q+r
        SJLz0JO9/M2qQruOhVOarX5ZURyuOTTGxFOy55b0IT7hdEuUKAJaTUmlAnL1/Z4E
        aeR23sk5G/TbQ7hzOjcEEfKnVm47BgW2xyuujkAr9ikmd/yQUnAD0038kmu3xCcR
        LfGy0K9wpgvjK/9T0AAFOC8i9tQvoNBeVQh1U/hbKptCv2a1verN3gSeES0jSz4f
        Xe5+RCyPM63IpKZjBcSrPTAreGxk1xnwBHzcT/e0jyO1QlT3dJwcX5i/qUKihkuV
        qHd15V9wkxdqmuIsBxLhBOUpGOWm3B+mMlUFGe6wAQKBgQDIHZE5T+Iv8p6WobJc
        VOtmrM9faM7A62y0P1EcGqtPDnvB6VmrWuL2dk1TAzXYBwn1YRB8w2Jw8MoBgdnx
        3ZVYXyJEkK/YUp9ela7NHHNWZ2V4lKBJPMXdaR4l5SykgWLQQEJw6iHKEVR15FYu
        7gE4k6e5LVRedIOk5ka/3L/oAQKBgQC/zRoE6O4SePFF/jZB5a0OR1p2zv+eG4jf
        3m/MxC7N8OR43QxnTyf0u/32Otg0DL5kJUO96bFpM2/Jq2Nlw5od+H009VcfhOfJ
        nMYxn1YSXujbyvT3TMZ+LTJWZLYVzCy2cCT5xJwGt0UeZzUJt2bkA64dwjufm1rv
        dzLSQFROHQKBgQCuf/nu/BXEsdBQkdeyY+qRsgdyrzX7TE+SLdRQqYDQg1Svlwg2
        QB7BxA9RX+9H3Xt1mZqC8O2ahp3gCpc+LXbZhLuhBnoQLJwEIoo3GaQJqEf3icLr
        mi8AD3XWnaz8FkdQSXimdcPZLJt14hK1AZ3W9ArBkyGK7BcPaC4xiBFgAQKBgC7X
        IwSR8ho2yQ2D4LJFKfczu8cKFGkDZnDtvLXwL1ICA3n02eOc9DATfRkWE9jaR+Dj
        LOEDYl1Dv4grv/GJTGkHV2SIigdbiNO24rwZooaIASw0K5D9gfgsh3+LxuAZ5c2E
        I7OPrV8CgPHE2LIPxSPoNix0U+VNpm6W2KV6KlyNAoGAPsxNpy+skjlwZXHLVzK4
        x+IDwuXN2Gl7/52falJZutTNsVZjbugXESBopLkOopQYbPOwzd3z1f17Z+2BzVdp
        JQIJGzHMAZ/tfO6ItXIuivPQYYp00vW02iucsTLUZPUV2cH7EtnpTLmLcFoHhW9U
        KBEiDPZUiQhCnz6F+zV9C1M=
        -----END PRIVATE KEY-----
        """;

    public const string Rsa2048C = """
        -----BEGIN PRIVATE KEY-----
        MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDJ0bRWH/odzGlu
        ZR9n62AwT9ykct6Krn1XzGEbaMzn1E6jMjKVo2vG+IptSz+MQcW7kPnlEfdXD+La
        muDn21xRKwfQ+4IV/gsY8LXaUXMi6gWqf0lOBvF/PEJwXH4Mp7NHQ75CjeXtrj5G
        /kHAgXjuDbERI3qJhbFjKp5v/IGS/9R08LDg2GkqI1AZI+41rigmJzkrOwEj86SC
        cZ6+M7CEGWxLQZj4DtW5RutPB7Y45UeZR/XrjCKBfN6SkqPQYidVrIv1cAGQ9kgo
        2EfyAeC0CDZww/NoJI/h39vDauOE/d+UwimdHbBXyPoibUMZxNM2I/Og9thC8MLs
        hj3WxoyrAgMBAAECggEAH28Fnwpw+vYtD7A5YYa0HyI5M/XeOoxt4mBnWY0LqSoU
        q290mIDxFvb8HITFW5Oc+BdfDLItK4bCZxkLYaF1cgD5QTADNWixkstfD6dy/uOj
        SUh1Au2q7I3WrUiCq3btQfLHrfcK8meatJUCabjgvHcudoRnoAbON6taLQgPqHTg
        aExZTWpVUcdNwC0NdVjlNBtRJnJlvPs0lWtwNGyXci0GKw3iKq/tWexrLAB5C0rb
        4L7b5I+IVusgFEI8OLw50naTbldsj/fnTnaFe4OkgFnoYhpuhtr8Z+v0eD48T73s
        T7Vn0d6PVq4SgFUcxgBQukvCXssCaALPych3aPq1qQKBgQDr0WIYjnb9d7nAes0y
        4Ih02DLCWoO/6EjpDTicInk+ZCvs0oeXusajCKUZD2rL+eK5nuP70iLNmzn2rWND
        Y6ubmF01N3CHA06CUa+bGGyOYzffC3iwLffv9rEar8XmfHPSsQEhA/TogH5d6oU+
        HDyH/umLQ66S/EaCVcaWQ6m62QKBgQDbF25NcKXx3rZd1gU7dEmJsolBQ4Q5yZgC
        OrlW4RQYmKyYiWQDjraPUAs3RWcX0leu2tWfJm38hSqkMh8TTj4f7hrWXJ4Vor+H
        YhEJ/qKgOcFjWIh6iHj13mh3D9b7tGdjlib+dY/T1ebaAR35wHlQx9Zi1UDq03Gj
        4GngpQdpIwKBgCJso3RQP8CKnLwjcRcPPfxIn0hN7FO0dghHXM82HRrlhqAAr7iP
        lHWySl+ZJ471QIq2TjOxnlEDave+ofHxd9iz6k9dc3jSG8DcadUrQJWcmEhgJVMa
        ssn96iaqKCqYWlQUcMTADh1uvIO7O44wkwmLRc6Fp9NfLm/SU7YV1I4pAoGAclny
        alznYCycBrIUHQn+7+3NkdDJjNfZjSBVaDEmKghV3W+oUesFAhwHHpwMyPQya8Mw
        SFbohSqELRsz+QGXj1bZjxTcNfKyANmAhzTucK50b4PgCAR/DeU9pRcRYGKyq9nN
        FHcL0McOLK70lEyPhUgob4Fa1rXx1FTnLic0jP0CgYAcpoA5DkGrKlCxsU+S/v/r
        txSTY8xM9MjUaB9nH+I8YztVcr8vBk2vcTm7tUT5o4Av5V5ZaNHw/JKDeZFEqGVL
        YAWwC01BIvnepBKCV8NcY2FwmpfO+sOkr+5k9gFuyw12A+FQyNsWFuhViiPJgOFB
        vV0b71lkidh+/GrMLoeyCA==
        -----END PRIVATE KEY-----
        """;

    public const string Rsa3072 = """
        -----BEGIN PRIVATE KEY-----
        MIIG/QIBADANBgkqhkiG9w0BAQEFAASCBucwggbjAgEAAoIBgQC6An328Iu1b1Ls
        0XJCNLXE7V+d+k59V7eUj+dIjc7Lxid8fm3UxM3zU1S9j85fdhfCpLdwqdyHO2ba
        jY3cfBmw3CWjzoYYc8uK8hS2bDk1tom/usUXOQkKwVK19OETzlo7GvQi4hVFj/U9
        sYQpxuG9Lb/ic/EjuIrOw2dYNBhE9LcAWK4rUdh1s1P/m4uElrbVQiJADut1OND5
        gvSkoZ/jxvoIq15CeU1ZyZ1px7y3IblDLUciRrEqGzT2ejMHh7Rh357HlHJSU3+C
        tE18MZ1DHz1v8b+/e1ky9p1qHRRJQD0ICZwSH+5YZ8nPV6tXVPylhTrWGr7pZYdJ
        2RPCufvCGhyh1DSuqMWsetSmI1eE5bjaW3Kn1+OVOf94gScMiYqoHP04WlTOesMc
        qQ5HI59B7HTozvLRmjl4pOFI+EJmFb5WGz64bfH3N4ryCHAihVk/kvcGQng+amCs
        iIfhXR7vttlIcNjh7DJpqq2LtCDUcINcumSKvy+ZXgOtyv1gIFMCAwEAAQKCAYA+
        omAwKsegjJ/rxosm6ADdEuFDnOmZI1RZ3isPL1EXJN5e+WOaZbrD2KeMPURMuMM/
        c5+hfFEZ6FK1/Txrpg4wk7DI+94DldpQKzv2QXLyN0kjGo0LSNVWncpwIsk3liCk
        Dmtu45ouFk+KOqA6QRH6VdFrO4dTc+ypuvqtpL0XWx/UKghb5e9xkrUSORo9x1JB
        dUd7MoruqfcUTZh7Z0Ejvfiruqi+0YHOXil3WR6eu+haSoDNdehqOUcYSAWu3263
        E5rQM2NAs/oGmeEbbYDiI9UVR7f9Rcam/QTrbVg3lILn8d6tqvOMRfPK248vlcAE
        P9Yb1ZItTG9/bFnMcE+mhX/VcGOTi78LjsEDrM6nE/PCEhUm3N7gAoRcLvwEN4o3
        qh2Ey6Axeq9rrcX8MDXnS8UpuI3AQLOK8s9SLK3JuScQFHFa3PK6pg5zVz5NNW8G
        tiaA0/K3v6JI6tgAmOIDSHonqIOZqpXlJ9GENLFKiYUcRKl4qQaiHJuG1NbXgYEC
        gcEA3/pRJ6oZdRF3A79akACeomcqnwy0mh83kRGVCZh3zkCpDW4IxboSwmtaytBD
        pDwnIepTP3celjXMtMQDeOXpt9y6s1jUcyXnbGaOQ8EZrd78oFJqRci7UQUfSWa8
        Cgm7KXxiObK7t8mAqcv4r4gptfS79g1wtDmgb5eA7Q9Jveof2bP0Or7fZurDWc3M
        S+XCORxsDSRaHTWP62lzs+V6kKK465aq7f+iZ1memUQP/c/l/EB0+PMa1PZDPFcD
        qPjxAoHBANSahxKYgBKs9U1OyWCtNZJrPaHVcA8RAeJxleXlx/6tyfBvya/da/Ob
        o2Vsg7yBealJBivTTeG0AwR+zLfG2EhzmWTxmLRZljIvIpSF8bIPYSmWbcKw8OYK
        ad+3iHAbIuNooYDwNKltu/K711gmdJP5ziL+fJVkFI/GxchOINAuZOMBDPhMN7yD
        DqqVqWbATPdGpFIKuhcn/CJGL2AsrCo+hWy8uQpzOe+whdQoczg5g3a6jb0bk3Rq
        v7UOeYyNgwKBwQDVHeKQokrc2MRs/WvXr69CCnZEpptGN0PxNlCgs8HzsBTrYXLZ
        aWcmNW5LowVpxY7at5OExPyGoyRoMEa5h9LujwnbUz+7XSqqO59MmvWrOo0Yo7LZ
        Odn6iqwtdKKhzoaXP/JawlXZ19MkPaAgrag6qWccBcfixR6CcB9N8gkRuy+ZP6C5
        MRtzWxiMX8Tvxuwa2Y96pcdVGb0am9lrKISKETtxd4inM2G9g0nkvh2VPXexoUds
        Bi3Wy4hIZudlpZECgcAm9R31KV6mjWzxupMqFPMxHleP1RWQnTQ0M04db2qjX2MW
        nNVfVXqXjBh32FeXbj5F5+yqkTC/QAYhh76pmlU9iXk9RwwNWDEuhvaWMqkkUK8k
        OL1qJJQwAw59gRsON9q/wwd9Igb0WPhMtWDzdTB9gRPl064ujcU6x1isqKxYmXfB
        JQskYIsCDx3b4krFWk2ALkCkC/UnkxsfiK7bt7Pglc5LK5XYtV6TbkxHoRXj4p4V
        Xn/kfC4b8geo/LsHJ1MCgcBCkbnJSW3Lw1gSRhLC7Pdd0rDUQtF0EGcPco5f2FRf
        8OTBkO6gpKyUbIuZ87tU58GxcfSV1rOdUaUPr2tNxOVgrcxXeyUKel+S70k1SS1b
        IRtyQDXnwdH0InBgZ7NJxx2CoqPw6OLl1gYbpzVqcMXKSPzQl8waw4/oWLS7KkEE
        99IrCv/ezWYAT1g3ATKZf8xOvBeb1oqI/Vb478g+8QxuTkiYZhnt1hqxrvSuV2T2
        QG8C5HJPHaTKYPXMaXx8shE=
        -----END PRIVATE KEY-----
        """;

    public const string Rsa4096 = """
        -----BEGIN PRIVATE KEY-----
        MIIJQQIBADANBgkqhkiG9w0BAQEFAASCCSswggknAgEAAoICAQCpOvE/L5aolkhs
        EYc2MCHKAAKocHG5b2idNRWLB5ZjzC3ho8V8YZocfsKTK4aLPgtYaW8XC+5D82Bc
        hONF00skCjU7s/Y2YPZqNmdZKw2U1hWO0ZlnfZ2amB6q92KJlEMi6wBRHt/nm2QR
        g9SEKIBD2dY9J5ofzzHdBWl45RQUjuhI3OWq+hhY6BIONoP5lxFCtv5OCgTtizi2
        qrxdBZ8znzylGZkjXFYEVqhDO3RDjiNqcGDAfMvHtu1HN7qkLQdikXiltxDPHd+7
        uuNetxjGf8AqeOFEQtCFwIghw3bwI7Wv+KAw4dPYrma0jbugTL3wHydqrw9kQnMp
        SIEzcTtdbmU2PXwTpzaTQjZ1lP1Lu0ERMSbKhaG1BcWNoi4K+9Q60KIkqD4MjMqV
        HV5pjjGHXLtA+XjbGgcOjO92DvtQD7t06Vtc3e8iDYiN/j8MT0EqnicKetAAXnnx
        bC3rPf0GYpyfOHwpD7VpBItXp1ZdZ0lcdYR0n4Xsn5pEiwhRL4a59SF2PQsurfw5
        8dtjCd8JriQQ/o6AJvNz/iRgYY6/4kbTQmJOdsp7GiI/UtfSc2bSvFK1CnvOj/Nf
        RL3vBQb2EQpNC3gf0B+fSx8JXbxNUUfpbLNPozlrX8Vi8PEyOgz9dQh/CsVbUts1
        rXsy7guCsrPX4qXeSJunykyxX6FRhwIDAQABAoICADcBQwekGqaKTljd66Jny5vC
        HBsOjVBWD11Fs05gtXeTlngoSJjQioxngSvfslgQ3xQqFOMbTCMG+JOp18tKzboV
        nU7eBBGRu5YzP61CaqQtX41vwBpcwHzOo+0zAnKwX4/6bTxwuhsoLULqJAmetm4X
        YGS5OgXLzSvHRgx2/Otftc11CytjJcXEDJZVDtlxyjjyjL7lz8s7/L+WyCm+GYxo
        XghVxSoyqXy4g/FyYixRB17hzvjRt1SfNwl2ajJRtnxJxzqpwYtobN+yc5PGFIX0
        YQwNBT8wLmHC/hxnUYHlQXlEaSDqTfa4XQajqNAGEZh6L9AjvW97j73j5KbJT59b
        WzUheF9Y82w8i2BRaRWmO2a1Gh4m6sNdyVehBUzA7LooH1aNwUB632joPVadFebv
        g5I5o8nDClKMw2ihjxwASMdnfmpNxWlViEbRYsZXW7Xqd8K+eW+b8PRftY4APSAV
        dcpSlVCDFuMLIJH1A3pUhCj+pDM3x4ZgNTVwTmPflF5T6JAU66gwyAZgjKr3qTBJ
        BD2ZSMMkdp9smVZYO7GK4dM9UA1JtLtsGSa1xh6gO71HASVr6f16kxjhVwQnonoa
        PMAlCvGVG2NFFYYplRGdcFpXy279/4xz7GNgumK3bQM5b11o06WuCUWwdyhSmF6g
        TW8ma/a20m4+FZ2aEpjNAoIBAQDjccY4ESiB+6guEU252VlAIVPO4Al5tId9NAxh
        +WBxA+r4WcqYCr7xBJyfFAEk5pYGG108ol/ipNxw/JUJvFsnIsAEX4IuvNJVHOrq
        FQaLtK5LCYArgb1WDB4LMXAA5XwGJDIfGkuy3mdua3k399/8eXNUKPQt1r8tUYwB
        C8Y9wOYt7ksGRxOd6SNTbItcCsMKMsyJOtDOZf6l6Op350lLU+d30tYE3qgIGTAY
        4oJriHJe3PfgoOwG38djXzt/4hHunkFHlmgmqpNWr++tYObBI3hS98G+gkxiPHx1
        t/ZBnE2wakngdQnNOM8137QYbDUetFnHcKsMPq5BlRqzvuhVAoIBAQC+eh9qLQvg
        3nAiuLapYykqLTTj4skuq9ztuIcziiiQyvmWg7lrH9lscrHvKog0peNf4mHHeTks
        gZ8d5vPUNbnm3NDkmfVl4nHpfo4X78lxuuVGbzGN9YOw3Za0UD5uLXzDC4Qpv8J5
        Q3RVXtkMzH3vH6rkTdItpE+7FOjnrivxalLmhqO0t5Tp0aMEegl4rAjXeyXUjwSz
        WElQdaPcyFEkDx6jMTNbWGMPMTg+l9zEvPRVPAw3fAK3/NT0zFQysxKNGFGFDQdP
        aD455m3weE0oNKUEJq9Hscw2ECJucHgnDIoTDU2mRy3BIr/DfAXlHG/mNkPQpa4r
        eGGAQhria15rAoIBABH9rfBBazLc9TCvrbZFuwmXmUmD7zvxS8Zbl58oWriV1sBO
        Wfgs4W2vL7RloLGKi9Nv1rA1J+CFqepGEIP0okE2PnoaE/IefYS+BNb/UsU6RY8p
        8Tl/ybpEuxunjXSEsorJ0i0jp1k+vm+9kJkcwlr2QGkn1CjME9NB4BE1HTlFSO/Z
        KZYViTe0eVbf/yYIs+Tan9M7E8k/yCTXh7R0VxfeSzDvPH6mHiSF2YgeYrKe2G0o
        jXL3R7RDf0IdBlfXShPV8NP40cQ9OephgFP2lkowxBPMBUdMhz4+CppFMvV9p6eM
        wMtAdsYE+F8KkvRbmtgS7Acaom0ViDMn2DTfpQECggEAW1A8YzA5M5Ive9XFa6rn
        /xow8tazz7YAcc42spSXIeLMiEWZzCs2lnDdsGRZa7PjLwJeEbyhlh6F41XmqmMf
        Pfe6BP1x0WgfZ+qNwBfqIKWSaJPB0+ZRPabdKpAVfcg8uVx5/XG6j1uxF4Qi1anq
        7Ynm6RANpGfS+ULq7LZoxpFMMMt3C5m+v+EKH4lJpRoEGxkkZ6QwgrHeY74h0iQO
        EhVVgLKDhlT3GD9mUUuIQKC9GWdyC99dhkqk5L5X1v5V9GImIny+dmjo++Tl65Qg
        mRezzCund91aoshVWVB9qWqvfrav9PjGjIJWICcCxHU/h8OX+xySRLCvPUdzj/wd
        BQKCAQAd5Uv69Q0cBX/ClgIJwoLwSqiN6deO49EL8mpOLnwKluOzDilELuxxIHdL
        c3/3XOgyyVN6aPdHCu1FCZPv0ybWMailWIsXxRVPRSIiEJpcSiMKNRGBIxseoH4v
        d/nvRVf/g/43rEtxzawUNk1yREfD85xFES8yQbcrzlvayosapQTf+SomyqAmpl3D
        sVRBbDxZMQmXwS/RBl5U4jTwfnKwXKEXzn/yE7GCcCSvDYt5Q9qCWWdFoWEPbc3A
        DEVUO8zD2R4Wo/JqloA9M/EEy0/Xbt9255olabaPID4zp2Cv0P/EYhwkI6MI0YSP
        vMWXeO4CfkmzaIaIR3wxAZFRNRuw
        -----END PRIVATE KEY-----
        """;
}
