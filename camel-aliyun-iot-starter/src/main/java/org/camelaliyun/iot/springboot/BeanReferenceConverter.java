package org.camelaliyun.iot.springboot;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Lets an object-typed option name a bean, as in Camel's own starters:
 * {@code camel.component.aliyun-iot.credentials-provider=#myProvider} (also {@code #bean:myProvider} or plain
 * {@code myProvider}). The types come from the configuration class's fields, so an object option added to the
 * component (and so to the generated class) needs no change here.
 */
public class BeanReferenceConverter implements GenericConverter {

    private final ApplicationContext applicationContext;
    private final Set<ConvertiblePair> pairs = new LinkedHashSet<>();

    public BeanReferenceConverter(ApplicationContext applicationContext, Class<?> configurationClass) {
        this.applicationContext = applicationContext;
        for (Field field : configurationClass.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && isBeanType(field.getType())) {
                pairs.add(new ConvertiblePair(String.class, field.getType()));
            }
        }
    }

    /** Everything Spring cannot bind from text on its own: not text, numbers, booleans, durations or enums. */
    static boolean isBeanType(Class<?> type) {
        return !(type.isPrimitive() || type == String.class || Number.class.isAssignableFrom(type)
                 || type == Boolean.class || type == Character.class || type == Duration.class || type.isEnum());
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return pairs;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null || source.toString().isBlank()) {
            return null;
        }
        String id = source.toString().strip();
        if (id.startsWith("#bean:")) {
            id = id.substring("#bean:".length());
        } else if (id.startsWith("#")) {
            id = id.substring(1);
        }
        return applicationContext.getBean(id, targetType.getObjectType());
    }
}
