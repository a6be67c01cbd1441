namespace Cappy.Proxy.Eval;

/// <summary>
/// The Porter stemmer (M.F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) with the departures of
/// NLTK's default mode (<c>NLTK_EXTENSIONS</c>), which is the stemmer Google's <c>rouge_score</c> creates for
/// <c>use_stemmer=True</c>. Irregular forms (skies, dying, news, ...) map to fixed stems, and words of 1-2 letters
/// stay as they are. A 4-letter word turns "ies" and "ied" into "ie" (ties, died), and a longer one turns "ied" into
/// "i". Final y becomes i only after a consonant that is not the first letter. Step 2 turns "bli" (not only "abli")
/// into "ble", applies "alli" to "al" before its other rules, and adds "fulli" to "ful" and "logi" to "log". A
/// 2-letter stem of vowel then consonant counts as ending consonant-vowel-consonant. Input is lowercased first, and
/// letters outside a–z count as consonants.
/// </summary>
internal static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("fulli", "ful"),
    ];

    /// <summary>Irregular forms and their stems, which bypass the rules.</summary>
    private static readonly Dictionary<string, string> IrregularForms = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie", ["news"] = "news",
        ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing", ["outing"] = "outing",
        ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe", ["proceed"] = "proceed",
        ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    // Ordered so that a longer suffix is tried before any shorter one it ends with (ement, ment, ent).
    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ];

    /// <summary>Stems one word; the result is lowercase.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var stem = word.ToLowerInvariant();
        if (IrregularForms.TryGetValue(stem, out var irregular))
        {
            return irregular;
        }

        if (stem.Length <= 2)
        {
            return stem;
        }

        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = ApplyFirstMatch(stem, Step3Rules, minimumMeasure: 1);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static string Step1a(string word)
    {
        if (word.Length == 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word;
        }

        return word.EndsWith('s') ? word[..^1] : word;
    }

    private static string Step1b(string word)
    {
        if (word.EndsWith("ied", StringComparison.Ordinal))
        {
            return word.Length == 4 ? word[..^1] : word[..^2];
        }

        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            var eedStem = word[..^3];
            return Measure(eedStem) > 0 ? eedStem + "ee" : word;
        }

        string stem;
        if (word.EndsWith("ed", StringComparison.Ordinal) && ContainsVowel(word[..^2]))
        {
            stem = word[..^2];
        }
        else if (word.EndsWith("ing", StringComparison.Ordinal) && ContainsVowel(word[..^3]))
        {
            stem = word[..^3];
        }
        else
        {
            return word;
        }

        // Cleanup after -ed or -ing, so that e.g. "conflat" becomes "conflate" and "hopp" becomes "hop".
        if (stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("bl", StringComparison.Ordinal) || stem.EndsWith("iz", StringComparison.Ordinal))
        {
            return stem + "e";
        }

        if (EndsWithDoubleConsonant(stem))
        {
            return stem[^1] is 'l' or 's' or 'z' ? stem : stem[..^1];
        }

        return Measure(stem) == 1 && EndsConsonantVowelConsonant(stem) ? stem + "e" : stem;
    }

    private static string Step1c(string word) =>
        word.Length > 2 && word.EndsWith('y') && IsConsonant(word, word.Length - 2) ? word[..^1] + "i" : word;

    private static string Step2(string word)
    {
        if (word.EndsWith("alli", StringComparison.Ordinal) && Measure(word[..^4]) > 0)
        {
            return Step2(word[..^2]);
        }

        // The "l" stays with the stem for the measure, so that short stems such as "geo" and "theo" qualify.
        if (word.EndsWith("logi", StringComparison.Ordinal))
        {
            return Measure(word[..^3]) > 0 ? word[..^1] : word;
        }

        return ApplyFirstMatch(word, Step2Rules, minimumMeasure: 1);
    }

    private static string Step4(string word)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = word[..^suffix.Length];
            var removable = Measure(stem) > 1 && (suffix != "ion" || stem.EndsWith('s') || stem.EndsWith('t'));
            return removable ? stem : word;
        }

        return word;
    }

    private static string Step5a(string word)
    {
        if (!word.EndsWith('e'))
        {
            return word;
        }

        var stem = word[..^1];
        var measure = Measure(stem);
        return measure > 1 || (measure == 1 && !EndsConsonantVowelConsonant(stem)) ? stem : word;
    }

    private static string Step5b(string word) =>
        word.EndsWith("ll", StringComparison.Ordinal) && Measure(word[..^1]) > 1 ? word[..^1] : word;

    /// <summary>
    /// Applies the rule of the first suffix the word ends with, if the remaining stem's measure is at least
    /// <paramref name="minimumMeasure"/>; no other rule of the step is tried after a suffix matched.
    /// </summary>
    private static string ApplyFirstMatch(string word, (string Suffix, string Replacement)[] rules, int minimumMeasure)
    {
        foreach (var (suffix, replacement) in rules)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                return Measure(stem) >= minimumMeasure ? stem + replacement : word;
            }
        }

        return word;
    }

    private static bool IsConsonant(string word, int index)
    {
        var letter = word[index];
        if (letter is 'a' or 'e' or 'i' or 'o' or 'u')
        {
            return false;
        }

        // A y after a consonant is a vowel ("syzygy"); at the start or after a vowel it is a consonant ("toy").
        if (letter == 'y')
        {
            return index == 0 || !IsConsonant(word, index - 1);
        }

        return true;
    }

    /// <summary>The m of the form [C](VC)^m[V]: how many vowel-consonant sequences the stem has.</summary>
    private static int Measure(string stem)
    {
        var measure = 0;
        var previousWasVowel = false;
        for (var i = 0; i < stem.Length; i++)
        {
            var isVowel = !IsConsonant(stem, i);
            if (previousWasVowel && !isVowel)
            {
                measure++;
            }

            previousWasVowel = isVowel;
        }

        return measure;
    }

    private static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    /// <summary>
    /// The *o condition: the word ends consonant-vowel-consonant and the last consonant is not w, x or y, or it is
    /// 2 letters, a vowel then a consonant.
    /// </summary>
    private static bool EndsConsonantVowelConsonant(string word) =>
        (word.Length == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1))
        || (word.Length >= 3
        && IsConsonant(word, word.Length - 3)
        && !IsConsonant(word, word.Length - 2)
        && IsConsonant(word, word.Length - 1)
        && word[^1] is not ('w' or 'x' or 'y'));
}
